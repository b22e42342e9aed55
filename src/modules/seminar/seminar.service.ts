import { type FilterQuery, raw } from '@mikro-orm/core';
import type { Context } from '../../context';
import { forbidden } from '../../errors';
import { type ConnectionShape, findConnection } from '../../graphql/connection';
import { isUuid } from '../../graphql/loaders';
import type { Caller } from '../../identity';
import type { Organization } from '../organization/organization.entity';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../../identity';
import { registrationKey } from './seminar.loader';
import { SeminarRegistration } from './seminar-registration.entity';
import { organizationLineage } from '../organization/organization-tree';
import { Seminar, SeminarStatus } from './seminar.entity';
import type { MyRegistrationsArgs, RegistrationsArgs, SeminarAudience, SeminarsArgs } from './seminar.inputs';
import { canManageSeminar, canRegister, canViewSeminar } from './seminar.policy';
import { isRegistrationOpen, seminarJp, seminarJpRule } from './seminar.rules';

/** A seminar the caller may see; null otherwise, as if it did not exist. */
export async function findSeminar(ctx: Context, id: string): Promise<Seminar | null> {
  const seminar = await ctx.loaders.seminarById.load(id);
  return seminar && canViewSeminar(ctx.caller, seminar) ? seminar : null;
}

/** The calendar: seminars the caller may see, by first session start (then id). */
export async function listSeminars(ctx: Context, args: SeminarsArgs): Promise<ConnectionShape<Seminar>> {
  const filter = args.filter ?? {};
  const where: FilterQuery<Seminar>[] = [visibleTo(ctx.caller)];
  if (filter.status) where.push({ status: filter.status });
  if (filter.organizerId) where.push({ organizer: filter.organizerId });
  if (filter.externalRef?.trim()) where.push({ externalRef: filter.externalRef.trim() });
  if (filter.upcoming === true) where.push({ endsAt: { $gt: new Date() } });
  if (filter.upcoming === false) where.push({ endsAt: { $lte: new Date() } });
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push({ $or: [{ title: { $ilike: pattern } }, { abstract: { $ilike: pattern } }] });
  }
  const lineage = filter.audienceOrganizationId ? await organizationLineage(ctx.em, filter.audienceOrganizationId) : undefined;
  // A function: openTo's raw() fragment is used up by the page query and made again for totalCount.
  return findConnection(ctx.em, Seminar, () => ({ $and: lineage ? [...where, openTo(lineage)] : where }), args, { startsAt: 'asc', id: 'asc' });
}

/** Seminars open to everyone, or targeting one of these agencies. */
function openTo(lineage: string[]): FilterQuery<Seminar> {
  const targets = lineage.length ? lineage : ['00000000-0000-0000-0000-000000000000'];
  const audience = (alias: string) => `SELECT 1 FROM seminar_audience_agencies a WHERE a.seminar_id = ${alias}.id`;
  return {
    // raw SQL: NOT EXISTS / EXISTS on a join table that has no entity
    [raw((alias) => `(NOT EXISTS (${audience(alias)}) OR EXISTS (${audience(alias)} AND a.organization_id IN (${targets.map(() => '?').join(', ')})))`, targets)]: true,
  } as FilterQuery<Seminar>;
}

/** Everyone signed in sees published and cancelled seminars; partners also their organization's drafts; admins all. */
function visibleTo(caller: Caller | undefined): FilterQuery<Seminar> {
  if (isAdmin(caller)) return {};
  const shown: FilterQuery<Seminar> = { status: { $in: [SeminarStatus.PUBLISHED, SeminarStatus.CANCELLED] } };
  return caller?.roles.includes(Role.PARTNER) ? { $or: [shown, { organizer: caller.organizationId }] } : shown;
}

export async function organizerOf(ctx: Context, seminar: Seminar): Promise<Organization> {
  return (await ctx.loaders.organizationById.load(seminar.organizer.id)) as Organization;
}

export async function audienceOf(ctx: Context, seminar: Seminar): Promise<SeminarAudience> {
  const ids = await ctx.loaders.audienceIdsBySeminar.load(seminar.id);
  const organizations = await ctx.loaders.organizationById.loadMany(ids);
  return {
    organizations: organizations.filter((organization): organization is Organization => Boolean(organization) && !(organization instanceof Error)),
    positions: seminar.audiencePositions,
  };
}

export const jpOf = (seminar: Seminar) => seminarJp(seminar);
export const jpRuleOf = (seminar: Seminar) => seminarJpRule(seminar);
export const registrationOpen = (seminar: Seminar) => isRegistrationOpen(seminar);

export async function seatsLeft(ctx: Context, seminar: Seminar): Promise<number> {
  const { confirmed } = await ctx.loaders.registrationCountsBySeminar.load(seminar.id);
  return Math.max(0, seminar.capacity - confirmed);
}

/** The caller's registration (in any status), or null (also for API keys). */
export async function myRegistration(ctx: Context, seminar: Seminar): Promise<SeminarRegistration | null> {
  if (!canRegister(ctx.caller)) return null;
  return ctx.loaders.registrationByUserAndSeminar.load(registrationKey(ctx.caller.userId, seminar.id));
}

/** Who registered, in line order (organizer and admins only). */
export async function registrationsOf(ctx: Context, seminar: Seminar, args: RegistrationsArgs): Promise<ConnectionShape<SeminarRegistration>> {
  if (!canManageSeminar(ctx.caller, seminar)) throw forbidden('Only the organizer’s partners and admins see who registered');
  const where = args.status ? { seminar: seminar.id, status: args.status } : { seminar: seminar.id };
  return findConnection(ctx.em, SeminarRegistration, where, args, { queueNumber: 'asc', id: 'asc' });
}

/** The caller's registrations, latest first. */
export async function myRegistrations(ctx: Context, args: MyRegistrationsArgs): Promise<ConnectionShape<SeminarRegistration>> {
  if (!canRegister(ctx.caller)) throw forbidden('Only a signed-in person has registrations');
  const where: FilterQuery<SeminarRegistration>[] = [{ user: ctx.caller.userId }];
  if (args.status) where.push({ status: args.status });
  if (args.upcoming === true) where.push({ seminar: { endsAt: { $gt: new Date() } } });
  if (args.upcoming === false) where.push({ seminar: { endsAt: { $lte: new Date() } } });
  return findConnection(ctx.em, SeminarRegistration, { $and: where }, args, { registeredAt: 'desc', id: 'desc' });
}

/** A registrant keeps seeing what they registered for, even if an admin took it back to DRAFT. */
export async function seminarOfRegistration(ctx: Context, registration: SeminarRegistration): Promise<Seminar> {
  return (await ctx.loaders.seminarById.load(registration.seminar.id)) as Seminar;
}

export async function waitlistPosition(ctx: Context, registration: SeminarRegistration): Promise<number | null> {
  if (!isUuid(registration.id)) return null;
  return ctx.loaders.waitlistPositionByRegistration.load(registration.id);
}
