import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256Hex } from '../../access-tokens';
import { ApiKey } from './api-key.entity';

const KEY_PATTERN = /^pelita_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is refreshed at most this often, so busy partner systems do not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const key = `pelita_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: sha256Hex(key) };
}

export function parseApiKey(key: string): { prefix: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1] } : undefined;
}

/**
 * The key a caller presented, when it exists, matches and is not revoked; null otherwise. Only
 * a key that passed all checks counts as used: its prefix is public, so a guess must not touch it.
 */
export async function findApiKeyForUse(em: EntityManager, key: string): Promise<ApiKey | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const apiKey = await em.findOne(ApiKey, { prefix: parsed.prefix });
  if (!apiKey || apiKey.revokedAt) return null;
  if (!timingSafeEqual(Buffer.from(apiKey.secretHash, 'hex'), Buffer.from(sha256Hex(key), 'hex'))) return null;
  const now = new Date();
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await em.nativeUpdate(ApiKey, { id: apiKey.id }, { lastUsedAt: now });
  }
  return apiKey;
}
