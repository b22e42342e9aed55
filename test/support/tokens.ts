import { SignJWT } from 'jose';
import { compactUuid } from '../../src/access-tokens';

/**
 * An access token as Pelita signs them, made by the test with the app's own secret: for claims no
 * API call would produce (expired, or naming a session that never existed).
 */
export function signAccessToken(
  jwtSecret: string,
  claims: { userId: string; sessionId: string; issuedAt: number; expiresAt: number },
): Promise<string> {
  return new SignJWT({ sid: compactUuid(claims.sessionId) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(compactUuid(claims.userId))
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .sign(new TextEncoder().encode(jwtSecret));
}
