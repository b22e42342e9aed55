import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { placeholders } from '../../db/sql';
import { childrenLoader, entityByIdLoader, isUuid } from '../../graphql/loaders';
import { SeminarMaterial } from './seminar-material.entity';
import { RegistrationStatus, SeminarRegistration } from './seminar-registration.entity';
import { Seminar, SeminarSession } from './seminar.entity';

export const registrationKey = (userId: string, seminarId: string) => `${userId}:${seminarId}`;

export interface RegistrationCounts {
  confirmed: number;
  waitlisted: number;
}

export function createSeminarLoaders(em: EntityManager) {
  return {
    seminarById: entityByIdLoader(em, Seminar),
    sessionsBySeminar: childrenLoader(em, SeminarSession, 'seminar', { position: 'asc' }),
    materialsBySeminar: childrenLoader(em, SeminarMaterial, 'seminar', { createdAt: 'asc', id: 'asc' }),
    /** Target agency ids of each seminar (empty: open to everyone). */
    audienceIdsBySeminar: new DataLoader<string, string[]>(async (seminarIds) => {
      const ids = seminarIds.filter(isUuid);
      const rows = ids.length
        // raw SQL: a join table that has no entity (seminar_audience_agencies), batched
        ? await em.execute<{ seminar_id: string; organization_id: string }[]>(
            `SELECT seminar_id, organization_id FROM seminar_audience_agencies WHERE seminar_id IN (${placeholders(ids.length)})`,
            ids,
          )
        : [];
      return seminarIds.map((id) => rows.filter((row) => row.seminar_id === id).map((row) => row.organization_id));
    }),
    registrationCountsBySeminar: new DataLoader<string, RegistrationCounts>(async (seminarIds) => {
      const ids = seminarIds.filter(isUuid);
      const rows = ids.length
        // raw SQL: a grouped count by seminar and status for the DataLoader batch
        ? await em.execute<{ seminar_id: string; status: string; count: string }[]>(
            `SELECT seminar_id, status, count(*) AS count FROM seminar_registrations
              WHERE status <> 'CANCELLED' AND seminar_id IN (${placeholders(ids.length)}) GROUP BY seminar_id, status`,
            ids,
          )
        : [];
      const count = (id: string, status: RegistrationStatus) =>
        Number(rows.find((row) => row.seminar_id === id && row.status === status)?.count ?? 0);
      return seminarIds.map((id) => ({ confirmed: count(id, RegistrationStatus.CONFIRMED), waitlisted: count(id, RegistrationStatus.WAITLISTED) }));
    }),
    /** Keyed by registrationKey(user, seminar); in practice one user (the caller) and many seminars. */
    registrationByUserAndSeminar: new DataLoader<string, SeminarRegistration | null>(async (keys) => {
      const pairs = keys.map((key) => key.split(':')).filter(([userId, seminarId]) => isUuid(userId) && isUuid(seminarId ?? ''));
      const userIds = [...new Set(pairs.map(([userId]) => userId))];
      const seminarIds = [...new Set(pairs.map(([, seminarId]) => seminarId))];
      const rows = pairs.length ? await em.find(SeminarRegistration, { user: { $in: userIds }, seminar: { $in: seminarIds } }) : [];
      const byKey = new Map(rows.map((row) => [registrationKey(row.user.id, row.seminar.id), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    }),
    /** 1-based place among the seminar's current waitlist, in line order; null unless WAITLISTED. */
    waitlistPositionByRegistration: new DataLoader<string, number | null>(async (registrationIds) => {
      const ids = registrationIds.filter(isUuid);
      const rows = ids.length
        // raw SQL: a window function (row_number) for each waitlisted place, which the ORM cannot express
        ? await em.execute<{ id: string; position: string }[]>(
            `SELECT id, position FROM (
               SELECT id, row_number() OVER (PARTITION BY seminar_id ORDER BY queue_number) AS position
                 FROM seminar_registrations
                WHERE status = 'WAITLISTED'
                  AND seminar_id IN (SELECT seminar_id FROM seminar_registrations WHERE id IN (${placeholders(ids.length)}))
             ) line WHERE id IN (${placeholders(ids.length)})`,
            [...ids, ...ids],
          )
        : [];
      const byId = new Map(rows.map((row) => [row.id, Number(row.position)]));
      return registrationIds.map((id) => byId.get(id) ?? null);
    }),
  };
}
