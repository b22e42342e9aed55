/** The paths the calendar routes serve; also what request logs must not show in full. */
export const USER_FEED_PREFIX = '/calendar/users/';
export const SEMINAR_FEED_PREFIX = '/calendar/seminars/';

const base = (publicBaseUrl: string) => publicBaseUrl.replace(/\/+$/, '');

export const userFeedUrl = (publicBaseUrl: string, token: string) => `${base(publicBaseUrl)}${USER_FEED_PREFIX}${token}.ics`;
export const seminarFeedUrl = (publicBaseUrl: string, seminarId: string) => `${base(publicBaseUrl)}${SEMINAR_FEED_PREFIX}${seminarId}.ics`;
/** The seminar's page in the web app (the link calendar entries carry). */
export const seminarPageUrl = (publicBaseUrl: string, seminarId: string) => `${base(publicBaseUrl)}/seminars/${seminarId}`;

/**
 * A request URL fit for logs: everything after /calendar/users/ (the secret token of a personal
 * feed) replaced by a marker. Routing ignores case and decodes parameters, so the check does too.
 */
export function redactFeedToken(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // A malformed escape is not routed to a feed, but is still checked as it came.
  }
  const at = decoded.toLowerCase().indexOf(USER_FEED_PREFIX);
  return at === -1 ? url : `${decoded.slice(0, at)}${USER_FEED_PREFIX}[redacted]`;
}
