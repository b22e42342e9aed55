import { withClient } from './global-setup';

/**
 * Reads straight from a test database: for proving that a refused request wrote nothing, or
 * what a start-up did, where the API has no way (or no business) to tell.
 */
export async function countRows(databaseUrl: string, sql: string, params: unknown[] = []): Promise<number> {
  return withClient(databaseUrl, async (client) => Number((await client.query<{ count: string }>(sql, params)).rows[0].count));
}

export async function selectRows<T extends object>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(databaseUrl, async (client) => (await client.query<T>(sql, params)).rows);
}
