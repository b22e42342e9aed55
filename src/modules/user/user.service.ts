import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { withUniqueFields } from '../../db/constraints';
import { inTransaction } from '../../db/transaction';
import { badField, forbidden, notFound, unauthenticated } from '../../errors';
import { type ConnectionShape, findConnection } from '../../graphql/connection';
import { findById } from '../../graphql/loaders';
import { hashPassword, verifyPassword } from './password';
import { Organization } from '../organization/organization.entity';
import { normalizeEmail } from './email';
import { Role } from '../../identity';
import { User } from './user.entity';
import type { ChangePasswordInput, CreateUserInput, ResetPasswordInput, UpdateUserInput, UsersArgs } from './user.inputs';
import { canViewUser } from './user.policy';

const UNIQUE_USER_FIELDS = {
  users_email_unique: { field: 'email', message: 'A user with this email exists' },
  users_nip_unique: { field: 'nip', message: 'A user with this NIP exists' },
};

export async function me(ctx: Context): Promise<User | null> {
  if (ctx.caller?.kind !== 'user') return null;
  return ctx.em.findOne(User, { id: ctx.caller.userId });
}

export async function getUser(ctx: Context, id: string): Promise<User | null> {
  const user = await findById(ctx.em, User, id);
  if (user && !canViewUser(ctx.caller, user)) throw forbidden();
  return user;
}

export async function listUsers(ctx: Context, args: UsersArgs): Promise<ConnectionShape<User>> {
  const where: FilterQuery<User>[] = [];
  const filter = args.filter ?? {};
  if (filter.search?.trim()) {
    const pattern = `%${escapeLike(filter.search.trim())}%`;
    where.push({ $or: [{ name: { $ilike: pattern } }, { email: { $ilike: pattern } }, { nip: { $like: pattern } }] });
  }
  if (filter.organizationId) where.push({ organization: filter.organizationId });
  if (filter.role) where.push({ roles: { $contains: [filter.role] } });
  if (filter.active !== undefined && filter.active !== null) where.push({ active: filter.active });
  return findConnection(ctx.em, User, where.length ? { $and: where } : {}, args, { name: 'asc', id: 'asc' });
}

export async function createUser(ctx: Context, input: CreateUserInput): Promise<User> {
  await requireOrganization(ctx, input.organizationId);
  const user = ctx.em.create(User, {
    email: normalizeEmail(input.email),
    name: input.name.trim(),
    nip: input.nip || undefined,
    position: input.position?.trim() || undefined,
    organization: input.organizationId,
    roles: input.roles ?? [Role.LEARNER],
    passwordHash: await hashPassword(input.password),
  });
  await withUniqueFields(() => ctx.em.flush(), UNIQUE_USER_FIELDS);
  return user;
}

export async function updateUser(ctx: Context, id: string, input: UpdateUserInput): Promise<User> {
  const user = await findById(ctx.em, User, id);
  if (!user) throw notFound('User');
  if (input.organizationId) {
    await requireOrganization(ctx, input.organizationId);
    user.organization = ctx.em.getReference(Organization, input.organizationId, { wrapped: true });
  }
  if (input.email) user.email = normalizeEmail(input.email);
  if (input.name) user.name = input.name.trim();
  if (input.nip !== undefined) user.nip = input.nip || undefined;
  if (input.position !== undefined) user.position = input.position?.trim() || undefined;
  if (input.roles) user.roles = input.roles;
  const deactivating = input.active === false && user.active;
  if (input.active !== undefined && input.active !== null) user.active = input.active;
  await inTransaction(ctx, async (tx) => {
    await withUniqueFields(() => tx.em.flush(), UNIQUE_USER_FIELDS);
    if (deactivating) await tx.app.revokeSessions(tx.em, user.id);
  });
  return user;
}

/** Changing one's password ends every other session of the account. */
export async function changePassword(ctx: Context, input: ChangePasswordInput): Promise<boolean> {
  if (ctx.caller?.kind !== 'user') throw unauthenticated();
  const user = await ctx.em.findOne(User, { id: ctx.caller.userId }, { populate: ['passwordHash'] });
  if (!user) throw unauthenticated();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw badField('currentPassword', 'The current password is not correct');
  }
  user.passwordHash = await hashPassword(input.newPassword);
  const sessionId = ctx.caller.sessionId;
  await inTransaction(ctx, async (tx) => {
    await tx.em.flush();
    await tx.app.revokeSessions(tx.em, user.id, { except: sessionId });
  });
  return true;
}

/**
 * An administrator (BKPSDM) sets a new password for an account whose owner forgot theirs: every
 * session of the account ends, so whoever held one must log in with the new password, and the
 * failed attempts that may have locked the owner out are forgotten. Hashed
 * before the transaction (CPU work, no lock held).
 */
export async function resetPassword(ctx: Context, userId: string, input: ResetPasswordInput): Promise<boolean> {
  const user = await findById(ctx.em, User, userId);
  if (!user) throw notFound('User');
  user.passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (tx) => {
    await tx.em.flush();
    // A person locked out by their own failed guesses may log in at once with the new password.
    await tx.app.revokeSessions(tx.em, user.id, { loginAttemptsOf: user.email });
  });
  // Who reset whose password, for the record; never the password.
  ctx.logger.info({ userId: user.id, by: ctx.caller?.kind === 'user' ? ctx.caller.userId : undefined }, 'password reset by an administrator');
  return true;
}

async function requireOrganization(ctx: Context, organizationId: string): Promise<void> {
  const organization = await ctx.loaders.organizationById.load(organizationId);
  if (!organization) throw badField('organizationId', 'No organization with this id');
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
