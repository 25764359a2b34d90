// Hash routes: #/inbox, #/cases/<id>, #/new, #/new/<procedure>, #/dashboard, #/reports, #/login.
export type Route =
  | { name: 'login' }
  | { name: 'inbox' }
  | { name: 'case'; id: string }
  | { name: 'new'; procedure: string | null }
  | { name: 'dashboard' }
  | { name: 'reports' }
  | { name: 'designer'; key: string | null }
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
      return { name: 'dashboard' };
    case 'reports':
      return { name: 'reports' };
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

class Router {
  route = $state<Route>(parseHash(globalThis.location?.hash ?? ''));

  constructor() {
    globalThis.addEventListener?.('hashchange', () => {
      this.route = parseHash(location.hash);
    });
  }

  go(route: Route, replace = false): void {
    const h = href(route);
    if (replace) history.replaceState(null, '', h);
    else history.pushState(null, '', h);
    this.route = parseHash(h);
  }
}

export const router = new Router();
