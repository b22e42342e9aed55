import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'pelita';
const AUDIENCE = 'pelita-api';
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 3600;

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /**
   * A compact HS256 JWT: `{"alg":"HS256"}` and the session, the user, issued-at and expiry, with
   * both ids as 22 base64url characters instead of 36. It rides on every request a phone sends,
   * so each byte counts (about 195 characters, where the full form with `typ`, `iss`, `aud` and
   * ids as text took about 290). This key signs nothing else, so no issuer or audience is needed to
   * tell its tokens apart.
   */
  sign(claims: AccessClaims, now = new Date()): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ sid: compactUuid(claims.sessionId) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(compactUuid(claims.userId))
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ACCESS_TOKEN_SECONDS)
      .sign(this.key);
  }

  /**
   * Undefined for any token that is malformed, tampered with, expired or not ours. Tokens in the
   * earlier full form (ids as text, with issuer and audience) still verify until they expire.
   */
  async verify(token: string): Promise<AccessClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp'] });
      if (payload.iss !== undefined && payload.iss !== ISSUER) return undefined;
      if (payload.aud !== undefined && payload.aud !== AUDIENCE) return undefined;
      // Both become uuid query parameters: anything else would be a database error, not a refusal.
      const userId = uuidOf(payload.sub);
      const sessionId = uuidOf(payload.sid);
      if (!userId || !sessionId) return undefined;
      return { userId, sessionId };
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPACT_UUID = /^[A-Za-z0-9_-]{22}$/;

/** A UUID's 16 bytes in base64url (22 characters). */
export function compactUuid(uuid: string): string {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

/** The UUID a claim names, in either form; undefined for anything else. */
function uuidOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (UUID.test(value)) return value.toLowerCase();
  if (!COMPACT_UUID.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64url');
  // 22 characters carry 132 bits: the last 4 must be zero, so one UUID has one compact form.
  if (bytes.length !== 16 || bytes.toString('base64url') !== value) return undefined;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
