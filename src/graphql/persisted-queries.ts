import { createHash } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { PersistedQuery } from '../db/persisted-query.entity';
import { databaseUnavailable, isDatabaseOutage, RETRY_AFTER_SECONDS } from '../errors';

/**
 * Bounds of the automatic persisted query (APQ) registry. Anyone may register, anonymous clients
 * too (Apollo Client registers on first use, before sign-in for the login screen's queries), but
 * only what Apollo has parsed, validated against our schema and limits, guarded and charged to the
 * throttle before registering: a document no operation of ours accepts is never stored. On top:
 */
export const PERSISTED_QUERY_LIMITS = {
  /** The longest query kept: a real screen's document is 0.2–3 kB; a long string literal is not a query worth keeping. */
  maxQueryChars: 20_000,
  /** A query nobody sent for this long is forgotten (its client registers it again on its next use). */
  idleDays: 30,
  /** Beyond this many rows the purge also drops the least recently used: the table can never grow without end. */
  maxEntries: 50_000,
  /** `last_used_at` is written at most this often per row, so a hit costs a read, not a write. */
  touchAfterMs: 86_400_000,
  /** Queries this process answered lately, kept in memory (a query never changes under its hash), up to this many characters in all. */
  localChars: 2_000_000,
} as const;

/** Apollo Server prefixes every key it hands its APQ cache with `apq:`. */
const KEY_PATTERN = /^(?:apq:)?([0-9a-f]{64})$/;

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** What Apollo Server needs of an APQ cache (@apollo/utils.keyvaluecache's KeyValueCache). */
export interface QueryCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/**
 * The APQ registry in PostgreSQL, shared by every API replica: a hash registered through one is
 * known to all. A query is stored only when its SHA-256 is its key; reads check it again, so a
 * row edited by hand cannot make a hash run another query. A small in-process memory in front
 * only saves the round trip: what it answers is what the table holds (hash and query never change).
 */
export class PersistedQueryRegistry implements QueryCache {
  private readonly recent = new Map<string, { query: string; touchedAt: number }>();
  private recentChars = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const hash = KEY_PATTERN.exec(key)?.[1];
    if (!hash) return undefined;
    const remembered = this.recent.get(hash);
    if (remembered && Date.now() - remembered.touchedAt < PERSISTED_QUERY_LIMITS.touchAfterMs) {
      // Most recently used last: the first key is the one to forget.
      this.recent.delete(hash);
      this.recent.set(hash, remembered);
      return remembered.query;
    }
    if (remembered) this.forget(hash);
    let rows: { query: string }[];
    try {
      // One round trip; the row is written only when its last use is more than a day old.
      // raw SQL: a data-modifying WITH (touch only a stale row) and the read, in one statement
      rows = await this.orm.em.getConnection().execute<{ query: string }[]>(
        `WITH touched AS (
           UPDATE persisted_queries SET last_used_at = now()
           WHERE hash = ? AND last_used_at < now() - (? * interval '1 millisecond') RETURNING 1
         )
         SELECT query FROM persisted_queries WHERE hash = ?`,
        [hash, PERSISTED_QUERY_LIMITS.touchAfterMs, hash],
      );
    } catch (error) {
      throw outage(error);
    }
    const query = rows[0]?.query;
    if (query === undefined) return undefined;
    if (sha256Hex(query) !== hash) {
      this.logger.warn({ hash }, 'a persisted query does not match its hash; ignored');
      return undefined;
    }
    this.remember(hash, query);
    return query;
  }

  /** Apollo calls this once the query parsed, validated and passed every plugin's checks; its ttl is ignored (the purge job forgets). */
  async set(key: string, query: string): Promise<void> {
    const hash = KEY_PATTERN.exec(key)?.[1];
    // Apollo checked the hash already; checked again, since nothing else may put a query under another's hash.
    if (!hash || query.length > PERSISTED_QUERY_LIMITS.maxQueryChars || sha256Hex(query) !== hash) return;
    // Remembered first: this replica's next request by hash must not race the INSERT.
    this.remember(hash, query);
    // raw SQL: INSERT … ON CONFLICT DO UPDATE … WHERE (touch an existing row only when stale)
    await this.orm.em.getConnection().execute(
      `INSERT INTO persisted_queries (hash, query) VALUES (?, ?)
       ON CONFLICT (hash) DO UPDATE SET last_used_at = now()
       WHERE persisted_queries.last_used_at < now() - (? * interval '1 millisecond')`,
      [hash, query, PERSISTED_QUERY_LIMITS.touchAfterMs],
    );
  }

  async delete(key: string): Promise<boolean> {
    const hash = KEY_PATTERN.exec(key)?.[1];
    if (!hash) return false;
    this.forget(hash);
    await this.orm.em.fork().nativeDelete(PersistedQuery, { hash });
    return true;
  }

  private remember(hash: string, query: string): void {
    this.forget(hash);
    while (this.recent.size && this.recentChars + query.length > PERSISTED_QUERY_LIMITS.localChars) this.forget(this.recent.keys().next().value as string);
    this.recent.set(hash, { query, touchedAt: Date.now() });
    this.recentChars += query.length;
  }

  private forget(hash: string): void {
    const remembered = this.recent.get(hash);
    if (!remembered) return;
    this.recent.delete(hash);
    this.recentChars -= remembered.query.length;
  }
}

/** Apollo reads the registry before any plugin runs: an outage there answers as one anywhere else. */
function outage(error: unknown): unknown {
  if (!isDatabaseOutage(error)) return error;
  return databaseUnavailable({ http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) } });
}

/**
 * The periodic job's work: queries unused for `idleDays`, then the least recently used beyond
 * `maxEntries`. A client whose hash was forgotten is answered PERSISTED_QUERY_NOT_FOUND and
 * registers it again; nothing else notices.
 */
export async function purgeIdlePersistedQueries(em: EntityManager): Promise<{ persistedQueries: number }> {
  const idle = await em.nativeDelete(PersistedQuery, { lastUsedAt: { $lt: new Date(Date.now() - PERSISTED_QUERY_LIMITS.idleDays * 86_400_000) } });
  // raw SQL: DELETE of everything past the newest maxEntries (a subquery with OFFSET)
  const excess = await em.getConnection().execute(
    `DELETE FROM persisted_queries WHERE hash IN (
       SELECT hash FROM persisted_queries ORDER BY last_used_at DESC, hash OFFSET ?
     )`,
    [PERSISTED_QUERY_LIMITS.maxEntries],
    'run',
  );
  return { persistedQueries: idle + Number((excess as { affectedRows?: number }).affectedRows ?? 0) };
}

/**
 * What a query's answer by GET (a persisted hash, as Apollo Client sends them) may be cached as:
 * by the browser only, and never used without asking (its ETag makes an unchanged answer a
 * bodiless 304). Without it, a cache in front of the API could guess a freshness for an answer
 * that is a person's own. Apollo's own answers (PERSISTED_QUERY_NOT_FOUND) set theirs over it.
 */
export const graphqlGetCacheControl: RequestHandler = (req, res, next) => {
  if (req.method === 'GET') res.setHeader('cache-control', 'private, no-cache');
  else if (req.method === 'POST') withoutEtag(res);
  next();
};

/**
 * Express tags every answer it sends; a POST's answer is never revalidated, so its ETag would
 * only be bytes on a phone's link. Dropped as the headers go out (Express sets it in res.send).
 */
function withoutEtag(res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    this.removeHeader('etag');
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}
