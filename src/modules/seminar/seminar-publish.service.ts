import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, badInput, conflict, type FieldProblem, forbidden } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { Organization, OrganizationKind } from '../organization/organization.entity';
import { isAdmin } from '../organization/organization.policy';
import { RegistrationStatus, SeminarRegistration } from './seminar-registration.entity';
import { fillFreeSeats } from './seminar-registration.service';
import { Seminar, SeminarSession, SeminarStatus } from './seminar.entity';
import type { SeminarInput } from './seminar.inputs';
import { canPublishFor } from './seminar.policy';
import { type CheckedSeminar, type CheckedSession, checkSeminar } from './seminar.rules';

/**
 * Creates the seminar, or replaces the one this organizer published under the same
 * externalRef: everything (sessions, speakers, audience) is taken from the input, so a partner
 * system can send its current state as often as it likes. Concurrent publishes of one
 * externalRef queue on the row (see upsertLocked) and leave one seminar.
 */
export async function publishSeminar(ctx: Context, input: SeminarInput): Promise<Seminar> {
  const caller = ctx.caller;
  const organizerId = input.organizerId ?? (isAdmin(caller) ? undefined : caller?.organizationId);
  if (!organizerId) throw badField('input.organizerId', 'Give the organizing organization');
  if (!canPublishFor(caller, organizerId)) throw forbidden('You may only publish seminars of your own organization');
  if (!(await ctx.loaders.organizationById.load(organizerId))) throw badField('input.organizerId', 'No organization with this id');

  const { problems, seminar: values } = checkSeminar(input);
  problems.push(...(await audienceProblems(ctx, input.audience?.organizationIds ?? [])));
  if (problems.length) throw badInput(problems);

  return inTransaction(ctx, async (tx) => {
    const { seminar, created } = await upsertLocked(tx, organizerId, values);
    if (!created) await checkReplacement(tx, seminar, values);
    const wasPublished = seminar.status === SeminarStatus.PUBLISHED;
    Object.assign(seminar, {
      title: values.title,
      abstract: values.abstract,
      kind: values.kind,
      scope: values.scope,
      jpOverride: values.jpOverride,
      days: values.days,
      capacity: values.capacity,
      waitlistLimit: values.waitlistLimit,
      registrationClosesAt: values.registrationClosesAt,
      status: values.status,
      venue: values.venue,
      onlineUrl: values.onlineUrl,
      speakers: values.speakers,
      audiencePositions: values.audiencePositions,
      startsAt: values.startsAt,
      endsAt: values.endsAt,
    });
    if (values.status === SeminarStatus.PUBLISHED && !wasPublished) seminar.publishedAt ??= new Date();
    await tx.em.populate(seminar, ['audienceAgencies']);
    seminar.audienceAgencies.set(values.audienceOrganizationIds.map((id) => tx.em.getReference(Organization, id)));
    await replaceSessions(tx, seminar, values.sessions);
    await tx.em.flush();
    // More seats than before: the waitlist moves up now, in line order.
    await fillFreeSeats(tx, seminar);
    return seminar;
  });
}

/**
 * The organizer's seminar with this externalRef, row-locked until the commit. INSERT … ON
 * CONFLICT DO NOTHING makes a second publisher of a new externalRef wait for the first one's
 * commit and then find its row, instead of failing on the unique constraint or adding another.
 */
async function upsertLocked(tx: Context, organizerId: string, values: CheckedSeminar): Promise<{ seminar: Seminar; created: boolean }> {
  const id = randomUUID();
  // raw SQL: INSERT … ON CONFLICT DO NOTHING on the natural key, so concurrent publishers create one seminar
  await tx.em.execute(
    `INSERT INTO seminars (id, organizer_id, external_ref, title, kind, scope, days, capacity, registration_closes_at, starts_at, ends_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (organizer_id, external_ref) DO NOTHING`,
    [id, organizerId, values.externalRef, values.title, values.kind, values.scope, values.days, values.capacity,
      values.registrationClosesAt, values.startsAt, values.endsAt],
  );
  const seminar = await tx.em.findOneOrFail(
    Seminar,
    { organizer: organizerId, externalRef: values.externalRef },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  return { seminar, created: seminar.id === id };
}

/** What a republish may not do to a seminar people already registered for. */
async function checkReplacement(tx: Context, seminar: Seminar, values: CheckedSeminar): Promise<void> {
  if (seminar.status === SeminarStatus.CANCELLED) throw conflict('This seminar was cancelled; publish it under a new externalRef', 'input.externalRef');
  const confirmed = await tx.em.count(SeminarRegistration, { seminar: seminar.id, status: RegistrationStatus.CONFIRMED });
  if (values.capacity < confirmed) {
    throw conflict(`${confirmed} registrations are confirmed; capacity cannot be lower (cancel registrations first)`, 'input.capacity');
  }
  if (values.status === SeminarStatus.DRAFT && seminar.status === SeminarStatus.PUBLISHED) {
    const active = await tx.em.count(SeminarRegistration, { seminar: seminar.id, status: { $ne: RegistrationStatus.CANCELLED } });
    if (active) throw conflict(`${active} people are registered; cancel the seminar instead of taking it back to DRAFT`, 'input.status');
  }
}

/**
 * Sessions become exactly the input's, keeping the id of a session the organizer sends again:
 * matched by externalRef, or (for sessions without one) by position.
 */
async function replaceSessions(tx: Context, seminar: Seminar, sessions: CheckedSession[]): Promise<void> {
  const existing = await tx.em.find(SeminarSession, { seminar: seminar.id }, { orderBy: { position: 'asc' } });
  const byRef = new Map(existing.filter((session) => session.externalRef).map((session) => [session.externalRef as string, session]));
  const byPosition = new Map(existing.filter((session) => !session.externalRef).map((session) => [session.position, session]));
  const kept = new Set<SeminarSession>();
  sessions.forEach((values, index) => {
    const position = index + 1;
    const found = values.externalRef ? byRef.get(values.externalRef) : byPosition.get(position);
    const fields = { ...values, position };
    if (found) Object.assign(found, fields);
    const session = found ?? tx.em.create(SeminarSession, { ...fields, seminar });
    kept.add(session);
  });
  for (const session of existing) if (!kept.has(session)) tx.em.remove(session);
}

/** Each target must be an existing AGENCY; problems name the list entry. */
async function audienceProblems(ctx: Context, organizationIds: string[]): Promise<FieldProblem[]> {
  const wellFormed = [...new Set(organizationIds.filter(isUuid))];
  const found = wellFormed.length ? await ctx.em.find(Organization, { id: { $in: wellFormed } }) : [];
  const kinds = new Map(found.map((organization) => [organization.id, organization.kind]));
  return organizationIds.flatMap((id, index) => {
    const field = `input.audience.organizationIds[${index}]`;
    const kind = kinds.get(id);
    if (!kind) return [{ field, message: 'No organization with this id' }];
    if (kind !== OrganizationKind.AGENCY) return [{ field, message: 'The audience is agencies (AGENCY organizations)' }];
    return [];
  });
}
