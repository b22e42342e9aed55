import { useEffect, useState } from 'preact/hooks';

/** The app's own paths; the server answers index.html for each, so a reload stays on the screen. */
export type Route =
  | { name: 'home' }
  | { name: 'catalogue' }
  | { name: 'login' }
  | { name: 'course'; courseId: string }
  | { name: 'material'; courseId: string; materialId: string }
  | { name: 'evaluation' | 'certificate'; courseId: string }
  | { name: 'seminars' }
  | { name: 'seminar'; seminarId: string }
  | { name: 'account' }
  | { name: 'notifications' }
  | { name: 'certificates' }
  // The instructor's and the administrator's areas route their own screens below their prefix.
  | { name: 'teach'; rest: string }
  | { name: 'admin'; rest: string }
  | { name: 'notFound' };
export type RouteName = Route['name'];

const PATHS: Record<string, Route> = { '/': { name: 'home' }, '/catalogue': { name: 'catalogue' }, '/login': { name: 'login' }, '/seminars': { name: 'seminars' }, '/account': { name: 'account' }, '/notifications': { name: 'notifications' }, '/certificates': { name: 'certificates' } };
// A material's path names its course too: the player reads the whole course (one request, kept
// for offline use) and so knows the previous and next material without asking again.
const COURSE = /^\/course\/([\w-]+)$/;
const MATERIAL = /^\/course\/([\w-]+)\/material\/([\w-]+)$/;
const COURSE_PAGE = /^\/course\/([\w-]+)\/(evaluation|certificate)$/;
const SEMINAR = /^\/seminars\/([\w-]+)$/;
const AREA = /^\/(teach|admin)(\/.*)?$/;

export const pathOf = (route: Exclude<RouteName, 'notFound' | 'course' | 'material' | 'evaluation' | 'certificate' | 'seminar'>) =>
  ({ home: '/', catalogue: '/catalogue', login: '/login', seminars: '/seminars', account: '/account', notifications: '/notifications', certificates: '/certificates', teach: '/teach', admin: '/admin' })[route];
/** A path inside the instructor's (`teach`) or the administrator's (`admin`) area. */
export const areaPath = (area: 'teach' | 'admin', rest = '') => `/${area}${rest}`;
export const coursePath = (courseId: string) => `/course/${encodeURIComponent(courseId)}`;
export const seminarPath = (seminarId: string) => `/seminars/${encodeURIComponent(seminarId)}`;
export const materialPath = (courseId: string, materialId: string) => `${coursePath(courseId)}/material/${encodeURIComponent(materialId)}`;

/** A completed course's evaluation form and its certificate. */
export const evaluationPath = (courseId: string) => `${coursePath(courseId)}/evaluation`;
export const certificatePath = (courseId: string) => `${coursePath(courseId)}/certificate`;

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  const fixed = PATHS[path];
  if (fixed) return fixed;
  const material = MATERIAL.exec(path);
  if (material) return { name: 'material', courseId: material[1], materialId: material[2] };
  const page = COURSE_PAGE.exec(path);
  if (page) return { name: page[2] as 'evaluation' | 'certificate', courseId: page[1] };
  const course = COURSE.exec(path);
  if (course) return { name: 'course', courseId: course[1] };
  const seminar = SEMINAR.exec(path);
  if (seminar) return { name: 'seminar', seminarId: seminar[1] };
  const area = AREA.exec(path);
  if (area) return { name: area[1] as 'teach' | 'admin', rest: area[2] ?? '/' };
  return { name: 'notFound' };
}

/** `path` may carry a query string (the catalogue's search): the same path with another query is a new entry. */
export function navigate(path: string): void {
  if (location.pathname + location.search === path) return;
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
  navigate(anchor.pathname + anchor.search);
}
