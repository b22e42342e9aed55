import type { EntityManager } from '@mikro-orm/postgresql';
import { LOGIN_WINDOW_SECONDS } from './login-throttle';

/** Spent, expired or revoked refresh tokens are kept this long for audit before deletion. */
const TOKEN_RETENTION_DAYS = 7;

/** Drops login counters whose window has passed and refresh tokens long past use. */
export async function purgeExpiredIdentityRecords(em: EntityManager): Promise<{ throttles: number; refreshTokens: number }> {
  // raw SQL: a bulk DELETE by an interval computed in the database (make_interval), without loading rows
  const throttles = await em.execute<{ affectedRows: number }>(
    'DELETE FROM login_throttles WHERE window_started_at <= now() - make_interval(secs => ?)',
    [LOGIN_WINDOW_SECONDS],
    'run',
  );
  // raw SQL: a bulk DELETE by intervals computed in the database, without loading rows
  const refreshTokens = await em.execute<{ affectedRows: number }>(
    `DELETE FROM refresh_tokens
      WHERE expires_at < now() - make_interval(days => ?)
         OR revoked_at < now() - make_interval(days => ?)`,
    [TOKEN_RETENTION_DAYS, TOKEN_RETENTION_DAYS],
    'run',
  );
  return { throttles: throttles.affectedRows, refreshTokens: refreshTokens.affectedRows };
}
