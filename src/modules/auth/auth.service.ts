import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import type { RevokeSessions } from '../../identity';
import { inTransaction } from '../../db/transaction';
import { unauthenticated } from '../../errors';
import { User } from '../user/user.entity';
import { normalizeEmail } from '../user/email';
import { forgetAccountAttempts, loginRules, releaseAfterSuccess, reserveAttempts } from './login-throttle';
import { verifyPassword } from '../user/password';
import { RefreshToken } from './refresh-token.entity';
import { ACCESS_TOKEN_SECONDS, newOpaqueToken, REFRESH_TOKEN_SECONDS, sha256Hex } from '../../access-tokens';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

const WRONG_CREDENTIALS = 'Wrong email or password';
const INVALID_REFRESH = 'Refresh token is invalid or expired; log in again';

export async function login(ctx: Context, email: string, password: string): Promise<Session> {
  const normalizedEmail = normalizeEmail(email);
  const rules = loginRules(normalizedEmail, ctx.clientIp);
  await reserveAttempts(ctx.em, rules);

  const user = await ctx.em.findOne(User, { email: normalizedEmail }, { populate: ['passwordHash'] });
  // Unknown, deactivated and wrong-password logins answer alike, so accounts cannot be probed.
  const passwordMatches = await verifyPassword(user?.passwordHash, password);
  if (!user || !user.active || !passwordMatches) throw unauthenticated(WRONG_CREDENTIALS);

  await releaseAfterSuccess(ctx.em, rules);
  user.lastLoginAt = new Date();
  return inTransaction(ctx, (tx) => issueSession(tx, user, randomUUID()));
}

/**
 * Spends a refresh token and issues the next one in its family. A token that was already
 * spent means it was copied: the whole family is revoked, and both holders must log in again.
 */
export async function refresh(ctx: Context, refreshToken: string): Promise<Session> {
  const outcome = await inTransaction(ctx, async (tx) => {
    const token = await tx.em.findOne(
      RefreshToken,
      { tokenHash: sha256Hex(refreshToken) },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!token || token.revokedAt || token.expiresAt <= new Date()) return { refused: true as const };
    if (token.spentAt) {
      await revokeFamily(tx, token.familyId);
      tx.logger.warn({ familyId: token.familyId, userId: token.user.id }, 'refresh token reuse: session family revoked');
      return { refused: true as const };
    }
    const user = await tx.em.findOne(User, { id: token.user.id, active: true });
    if (!user) return { refused: true as const };
    token.spentAt = new Date();
    return { refused: false as const, session: await issueSession(tx, user, token.familyId) };
  });
  if (outcome.refused) throw unauthenticated(INVALID_REFRESH);
  return outcome.session;
}

/** Ends the session the token belongs to. Unknown or already ended tokens are fine: logout is idempotent. */
export async function logout(ctx: Context, refreshToken: string): Promise<boolean> {
  const token = await ctx.em.findOne(RefreshToken, { tokenHash: sha256Hex(refreshToken) });
  if (token) await revokeFamily(ctx, token.familyId);
  return true;
}

/** AppServices.revokeSessions (the assembly wires it), for user/'s deactivation, password change and an admin's reset. */
export const revokeAllSessions: RevokeSessions = async (em, userId, options = {}) => {
  await em.nativeUpdate(
    RefreshToken,
    { user: userId, revokedAt: null, ...(options.except ? { familyId: { $ne: options.except } } : {}) },
    { revokedAt: new Date() },
  );
  if (options.loginAttemptsOf) await forgetAccountAttempts(em, normalizeEmail(options.loginAttemptsOf));
};

async function revokeFamily(ctx: Context, familyId: string): Promise<void> {
  await ctx.em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
}

async function issueSession(ctx: Context, user: User, familyId: string): Promise<Session> {
  const now = new Date();
  const refreshToken = newOpaqueToken();
  const refreshTokenExpiresAt = new Date(now.getTime() + REFRESH_TOKEN_SECONDS * 1000);
  ctx.em.create(RefreshToken, {
    user,
    familyId,
    tokenHash: sha256Hex(refreshToken),
    expiresAt: refreshTokenExpiresAt,
  });
  await ctx.em.flush();
  return {
    accessToken: await ctx.app.accessTokens.sign({ userId: user.id, sessionId: familyId }, now),
    accessTokenExpiresAt: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
    refreshToken,
    refreshTokenExpiresAt,
    user,
  };
}
