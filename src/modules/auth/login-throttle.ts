import type { EntityManager } from '@mikro-orm/postgresql';
import { appError, ErrorCode } from '../../errors';
import { LoginThrottle } from './login-throttle.entity';

export interface ThrottleRule {
  key: string;
  limit: number;
  windowSeconds: number;
}

export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Guessing one account's password: a handful of tries per window. */
const ACCOUNT_LIMIT = 5;
/** One address: generous, since a whole office or classroom may share one public address. */
const ADDRESS_LIMIT = 50;

export function loginRules(email: string, clientIp: string): ThrottleRule[] {
  return [
    { key: `account:${email}`, limit: ACCOUNT_LIMIT, windowSeconds: LOGIN_WINDOW_SECONDS },
    { key: `address:${clientIp}`, limit: ADDRESS_LIMIT, windowSeconds: LOGIN_WINDOW_SECONDS },
  ];
}

/**
 * Reserves one attempt under each rule with a single atomic upsert per key, so concurrent
 * attempts (from any API process) cannot slip past the limit; refuses with RATE_LIMITED and
 * the seconds to wait once a limit is used up.
 */
export async function reserveAttempts(em: EntityManager, rules: ThrottleRule[], what = 'login attempts'): Promise<void> {
  let retryAfter = 0;
  for (const rule of rules) {
    // raw SQL: an atomic upsert whose new values depend on the stored row's window (CASE in ON CONFLICT), which em.upsert cannot express
    const [row] = await em.execute<{ attempts: number; retry_after: number }[]>(
      `INSERT INTO login_throttles AS t (key, attempts, window_started_at) VALUES (?, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN t.window_started_at <= now() - make_interval(secs => ?) THEN 1 ELSE t.attempts + 1 END,
         window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => ?) THEN now() ELSE t.window_started_at END
       RETURNING attempts, ceil(extract(epoch FROM t.window_started_at + make_interval(secs => ?) - now()))::int AS retry_after`,
      [rule.key, rule.windowSeconds, rule.windowSeconds, rule.windowSeconds],
    );
    if (row.attempts > rule.limit) retryAfter = Math.max(retryAfter, row.retry_after);
  }
  if (retryAfter > 0) {
    throw appError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${retryAfter} seconds`, {
      retryAfterSeconds: retryAfter,
    });
  }
}

/** A successful login clears the account's count and gives its address back the attempt. */
export async function releaseAfterSuccess(em: EntityManager, rules: ThrottleRule[]): Promise<void> {
  const [account, address] = rules;
  // raw SQL: two keyed writes with a database-side greatest(), without loading the counters
  await em.execute('DELETE FROM login_throttles WHERE key = ?', [account.key]);
  await em.execute('UPDATE login_throttles SET attempts = greatest(attempts - 1, 0) WHERE key = ?', [address.key]);
}

/** Forgets the failed attempts counted against an account (its address's count stays). */
export async function forgetAccountAttempts(em: EntityManager, email: string): Promise<void> {
  await em.nativeDelete(LoginThrottle, { key: loginRules(email, '')[0].key });
}
