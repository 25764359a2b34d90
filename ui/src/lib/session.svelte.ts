// Who is signed in. The cookie is the session; GET /api/me tells after a reload.
import { api, isApiError, live, setUnauthenticatedHandler, type User } from './api/index.ts';
import { pwa } from './pwa.svelte.ts';

export const SessionStatus = { Unknown: 'unknown', SignedIn: 'signed-in', SignedOut: 'signed-out' } as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];

class Session {
  status = $state<SessionStatus>(SessionStatus.Unknown);
  user = $state<User | null>(null);
  /** The session ended under the user's feet (401 on an ordinary call). */
  expired = $state(false);

  constructor() {
    setUnauthenticatedHandler(() => {
      if (this.status === SessionStatus.SignedIn) this.expired = true;
      this.#signedOut();
    });
  }

  async restore(): Promise<void> {
    try {
      const { user } = await api.me();
      this.#signedIn(user);
    } catch (e) {
      if (isApiError(e) && e.status === 401) this.#signedOut();
      else {
        // The server is unreachable: show the login page, which explains the error on submit.
        this.#signedOut();
      }
    }
  }

  async login(username: string, password: string): Promise<void> {
    const { user } = await api.login(username, password);
    this.expired = false;
    this.#signedIn(user);
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      this.#signedOut();
    }
  }

  /** Ends every session of the user, on every device (this one too). */
  async logoutEverywhere(): Promise<void> {
    try {
      await api.logoutEverywhere();
    } finally {
      this.#signedOut();
    }
  }

  /** Signed in with a password an administrator set: only the password change is open. */
  get mustChangePassword(): boolean {
    return this.user?.mustChangePassword === true;
  }

  /** The password was changed: the server answered the user (with a new session cookie). */
  passwordChanged(user: User): void {
    this.#signedIn(user);
  }

  has(...roles: string[]): boolean {
    return !!this.user && roles.some((r) => this.user!.roles.includes(r));
  }

  #signedIn(user: User): void {
    this.user = user;
    this.status = SessionStatus.SignedIn;
    // the server refuses the WebSocket too until the password is changed
    if (user.mustChangePassword) live.stop();
    else live.start();
  }

  #signedOut(): void {
    this.user = null;
    this.status = SessionStatus.SignedOut;
    live.stop();
    void pwa.forget();
  }
}

export const session = new Session();

/** Roles that see the dashboard and reports. */
export const READER_ROLES = ['observer', 'lead', 'secretariat', 'admin'];
