import { useEffect, useState } from 'preact/hooks';

/** The app's own paths; the server answers index.html for each, so a reload stays on the screen. */
export type Route = 'home' | 'catalogue' | 'login' | 'notFound';

const PATHS: Record<string, Route> = { '/': 'home', '/catalogue': 'catalogue', '/login': 'login' };
export const pathOf = (route: Exclude<Route, 'notFound'>) => ({ home: '/', catalogue: '/catalogue', login: '/login' })[route];

export const routeOf = (pathname: string): Route => PATHS[pathname.replace(/\/+$/, '') || '/'] ?? 'notFound';

export function navigate(path: string): void {
  if (location.pathname === path) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.pathname));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** A link that changes screens without reloading the page (left clicks only, so new tabs still work). */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.pathname);
}
