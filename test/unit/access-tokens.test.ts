import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AccessTokens, compactUuid } from '../../src/access-tokens';

const SECRET = 'rahasia-uji-token-akses-yang-panjang-sekali';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** The token every request of a phone carries: small, and only ever what Pelita signed. */
describe('access tokens', () => {
  const tokens = new AccessTokens(SECRET);
  const claims = { userId: randomUUID(), sessionId: randomUUID() };

  it('name the user and the session in under 200 characters', async () => {
    const token = await tokens.sign(claims);
    expect(token.length).toBeLessThan(200);
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it('in the earlier full form (ids as text, issuer and audience) still verify until they expire', async () => {
    const full = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId.toUpperCase())
      .setIssuer('pelita')
      .setAudience('pelita-api')
      .setIssuedAt(now())
      .setExpirationTime(now() + 600)
      .sign(key);
    expect(full.length).toBeGreaterThan(280);
    expect(await tokens.verify(full)).toEqual(claims);
  });

  it('are refused when expired, tampered with, for another audience, without an expiry or with an id that is not one', async () => {
    const signed = (payload: Record<string, unknown>, exp: number | null = now() + 600) => {
      const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now());
      return (exp === null ? jwt : jwt.setExpirationTime(exp)).sign(key);
    };
    const ids = { sub: compactUuid(claims.userId), sid: compactUuid(claims.sessionId) };
    const good = await signed(ids);
    const refused = [
      await signed(ids, now() - 1),
      // A changed signature character (not the last, whose low bits base64url leaves unused).
      `${good.slice(0, -10)}${good.at(-10) === 'A' ? 'B' : 'A'}${good.slice(-9)}`,
      await signed({ ...ids, aud: 'pelita-feed' }),
      await signed({ ...ids, iss: 'orang-lain' }),
      await signed(ids, null),
      await signed({ ...ids, sid: 'bukan-sebuah-id' }),
      // 22 characters carry 4 bits more than a UUID: only the canonical form names it.
      await signed({ ...ids, sid: `${ids.sid.slice(0, 21)}${ids.sid.endsWith('B') ? 'C' : 'B'}` }),
      await new AccessTokens('kunci-lain-yang-juga-panjang-sekali-ya').sign(claims),
    ];
    for (const [i, token] of refused.entries()) expect([i, await tokens.verify(token)]).toEqual([i, undefined]);
    expect(await tokens.verify(good)).toEqual(claims);
  });
});
