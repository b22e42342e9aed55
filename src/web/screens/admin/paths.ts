import { areaPath } from '../../router';

/** A screen of the administrator's area, from the path below `/admin`. */
export type AdminRoute =
  | { name: 'approvals' }
  | { name: 'review'; courseId: string }
  | { name: 'enrol' }
  | { name: 'report' }
  | { name: 'partners'; organizationId?: string }
  | { name: 'people' }
  | { name: 'notFound' };

const REVIEW = /^\/approvals\/([\w-]+)$/;
const PARTNER = /^\/partners\/([\w-]+)$/;

export function adminRouteOf(rest: string): AdminRoute {
  const path = rest.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/approvals') return { name: 'approvals' };
  if (path === '/enrol') return { name: 'enrol' };
  if (path === '/report') return { name: 'report' };
  if (path === '/partners') return { name: 'partners' };
  if (path === '/people') return { name: 'people' };
  const review = REVIEW.exec(path);
  if (review) return { name: 'review', courseId: review[1] };
  const partner = PARTNER.exec(path);
  if (partner) return { name: 'partners', organizationId: partner[1] };
  return { name: 'notFound' };
}

/** Paths inside the administrator's area. */
export const adminPaths = {
  approvals: () => areaPath('admin', '/approvals'),
  review: (courseId: string) => areaPath('admin', `/approvals/${encodeURIComponent(courseId)}`),
  enrol: () => areaPath('admin', '/enrol'),
  report: () => areaPath('admin', '/report'),
  people: () => areaPath('admin', '/people'),
  partners: (organizationId?: string) => areaPath('admin', organizationId ? `/partners/${encodeURIComponent(organizationId)}` : '/partners'),
};
