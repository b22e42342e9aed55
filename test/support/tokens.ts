import { SignJWT } from 'jose';

/**
 * An access token as Pelita signs them, made by the test with the app's own secret: for claims no
 * API call would produce (expired, or naming a session that never existed).
 */
export function signAccessToken(
  jwtSecret: string,
  claims: { userId: string; sessionId: string; issuedAt: number; expiresAt: number },
): Promise<string> {
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer('pelita')
    .setAudience('pelita-api')
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .sign(new TextEncoder().encode(jwtSecret));
}
