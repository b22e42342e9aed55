import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { forbidden } from '../../errors';
import { sha256Hex } from '../../access-tokens';
import { canRegister } from '../seminar/seminar.policy';
import { CalendarFeed } from './calendar-feed.entity';
import type { CalendarFeedLink } from './calendar.types';
import { userFeedUrl } from './calendar.links';

/** 32 random bytes, base64url: 43 characters, nothing else in the URL identifies the person. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Makes the caller's feed token, replacing the one they had (its URL stops working at once).
 * One statement, so two rotations at the same time leave exactly one token.
 */
export async function rotateCalendarFeedToken(ctx: Context): Promise<CalendarFeedLink> {
  if (!canRegister(ctx.caller)) throw forbidden('Only a signed-in person has a calendar feed');
  const token = randomBytes(32).toString('base64url');
  const feed = new CalendarFeed();
  // raw SQL: an upsert that must RETURN the stored created_at, in one statement
  const [row] = await ctx.em.execute<{ created_at: Date }[]>(
    `INSERT INTO calendar_feeds (id, user_id, token_hash, created_at, updated_at) VALUES (?, ?, ?, now(), now())
     ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now(), updated_at = now()
     RETURNING created_at`,
    [feed.id, ctx.caller.userId, sha256Hex(token)],
  );
  return { url: userFeedUrl(ctx.app.config.publicBaseUrl, token), createdAt: new Date(row.created_at) };
}

/** Stops the caller's feed URL working; false when there was none. */
export async function revokeCalendarFeedToken(ctx: Context): Promise<boolean> {
  if (!canRegister(ctx.caller)) throw forbidden('Only a signed-in person has a calendar feed');
  return (await ctx.em.nativeDelete(CalendarFeed, { user: ctx.caller.userId })) > 0;
}

/** Whose feed a presented token opens; null for a malformed, unknown or rotated token, or a deactivated person. */
export async function feedOwnerId(em: EntityManager, token: string): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  // Looked up by hash: the database never sees the token, and equality on a hash leaks nothing usable.
  const feed = await em.findOne(CalendarFeed, { tokenHash: sha256Hex(token), user: { active: true } });
  return feed ? feed.user.id : null;
}
