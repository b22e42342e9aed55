import { type NextFunction, type Request, type Response, Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppServices } from '../../context';
import { isUuid } from '../../graphql/loaders';
import { RegistrationStatus } from '../seminar/seminar-registration.entity';
import { Seminar, SeminarSession, SeminarStatus } from '../seminar/seminar.entity';
import { feedOwnerId } from './calendar-feed.service';
import { ICS_CONTENT_TYPE, personalCalendar, seminarCalendar } from './calendar.ics';
import { SEMINAR_FEED_PREFIX, USER_FEED_PREFIX } from './calendar.links';
import { findSchedule, seminarSessionItem } from './schedule.service';

const DAY_MS = 86_400_000;
/** What a personal feed spans: recent past (to look back) and the year ahead. */
const PERSONAL_PAST_DAYS = 30;
const PERSONAL_FUTURE_DAYS = 365;

/**
 * GET /calendar/users/<token>.ics — a person's schedule, the token being the only credential;
 * GET /calendar/seminars/<id>.ics — a published or cancelled seminar, for anyone.
 * Both answer 404 for anything they do not serve, with no hint why.
 */
export function calendarFeedRoutes(services: AppServices): Router {
  const router = Router();
  const feed = (render: (em: EntityManager, name: string) => Promise<string | null>, cacheControl: string) =>
    async (req: Request<{ file: string }>, res: Response, next: NextFunction) => {
      try {
        const name = req.params.file.endsWith('.ics') ? req.params.file.slice(0, -'.ics'.length) : null;
        const body = name ? await render(services.orm.em.fork(), name) : null;
        if (body === null) {
          res.status(404).type('text/plain').send('Not found');
          return;
        }
        res.setHeader('cache-control', cacheControl);
        res.setHeader('content-type', ICS_CONTENT_TYPE);
        res.send(body);
      } catch (error) {
        next(error);
      }
    };
  const base = services.config.publicBaseUrl;
  router.get(`${USER_FEED_PREFIX}:file`, feed((em, token) => personalFeed(em, token, base), 'private, no-cache'));
  router.get(`${SEMINAR_FEED_PREFIX}:file`, feed((em, id) => seminarFeed(em, id, base), 'public, max-age=300'));
  return router;
}

async function personalFeed(em: EntityManager, token: string, publicBaseUrl: string): Promise<string | null> {
  const userId = await feedOwnerId(em, token);
  if (!userId) return null;
  const now = Date.now();
  const range = { from: new Date(now - PERSONAL_PAST_DAYS * DAY_MS), to: new Date(now + PERSONAL_FUTURE_DAYS * DAY_MS) };
  const items = await findSchedule(em, userId, range, [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]);
  return personalCalendar(items, publicBaseUrl);
}

async function seminarFeed(em: EntityManager, seminarId: string, publicBaseUrl: string): Promise<string | null> {
  if (!isUuid(seminarId)) return null;
  const seminar = await em.findOne(Seminar, { id: seminarId, status: { $in: [SeminarStatus.PUBLISHED, SeminarStatus.CANCELLED] } });
  if (!seminar) return null;
  const sessions = await em.find(SeminarSession, { seminar: seminar.id }, { orderBy: { position: 'asc' } });
  return seminarCalendar(seminar, sessions.map((session) => seminarSessionItem(seminar, session)), publicBaseUrl);
}
