// Hash routes: #/inbox[?filters], #/cases/<id>, #/new, #/new/<procedure>, #/dashboard, #/reports, #/login,
// #/designer[/<key>], #/officials, #/incidents, #/password.
export type Route =
  | { name: 'login' }
  | { name: 'inbox' }
  | { name: 'case'; id: string }
  | { name: 'new'; procedure: string | null }
  | { name: 'dashboard' }
  | { name: 'reports' }
  | { name: 'designer'; key: string | null }
  | { name: 'officials' }
  | { name: 'incidents' }
  | { name: 'password' }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
    case 'inbox':
      return { name: 'inbox' };
    case 'login':
      return { name: 'login' };
    case 'cases':
      return parts[1] ? { name: 'case', id: parts[1] } : { name: 'inbox' };
    case 'new':
      return { name: 'new', procedure: parts[1] ?? null };
    case 'dashboard':
    case 'reports':
    case 'officials':
    case 'incidents':
    case 'password':
      return { name: parts[0] };
    case 'designer':
      return { name: 'designer', key: parts[1] ?? null };
    default:
      return { name: 'not-found', path };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'case':
      return `#/cases/${encodeURIComponent(route.id)}`;
    case 'new':
      return route.procedure ? `#/new/${encodeURIComponent(route.procedure)}` : '#/new';
    case 'designer':
      return route.key ? `#/designer/${encodeURIComponent(route.key)}` : '#/designer';
    case 'not-found':
      return '#/inbox';
    default:
      return `#/${route.name}`;
  }
}

/** Asked before the address changes (Back, Forward, a link, a typed address): false keeps the page. */
export type LeaveGuard = (next: Route) => boolean;

class Router {
  route = $state<Route>(parseHash(globalThis.location?.hash ?? ''));
  #hash = globalThis.location?.hash ?? '';
  #guards = new Set<LeaveGuard>();

  constructor() {
    globalThis.addEventListener?.('hashchange', () => {
      const next = parseHash(location.hash);
      if (![...this.#guards].every((allow) => allow(next))) {
        // stay: the address goes back to this page's (the history keeps one more entry of it)
        history.replaceState(null, '', this.#hash);
        return;
      }
      this.#hash = location.hash;
      this.route = next;
    });
  }

  /** While registered (until the returned function is called), `allow` is asked before the address changes. */
  guard(allow: LeaveGuard): () => void {
    this.#guards.add(allow);
    return () => this.#guards.delete(allow);
  }

  /**
   * Writes the state of the page into its address's `?…` (filters, sort), as a new history entry
   * (Back returns to the previous state) or in place (each key of a search as it is typed).
   */
  setSearch(search: string, push: boolean): void {
    const path = (globalThis.location?.hash ?? '').split('?')[0] || '#/';
    const h = search ? `${path}?${search}` : path;
    if (h === this.#hash) return;
    if (push) history.pushState(null, '', h);
    else history.replaceState(null, '', h);
    this.#hash = h;
  }

  go(route: Route, replace = false): void {
    const h = href(route);
    if (replace) history.replaceState(null, '', h);
    else history.pushState(null, '', h);
    this.#hash = h;
    this.route = parseHash(h);
  }
}

export const router = new Router();
