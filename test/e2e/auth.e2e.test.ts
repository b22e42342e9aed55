import { randomUUID } from 'node:crypto';
import { buildUser } from '../builders/identity';
import { LOGIN } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { signAccessToken } from '../support/tokens';

const ME = `{ me { id email roles } }`;
const REFRESH = `mutation ($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { accessToken refreshToken user { id } }
}`;
const LOGOUT = `mutation ($refreshToken: String!) { logout(refreshToken: $refreshToken) }`;
const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }`;
const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id active } }`;

/** The session id (`sid` claim) an access token carries. */
/** The session a token names: its `sid` claim holds the UUID's 16 bytes in base64url. */
const sessionIdOf = (token: string): string => {
  const hex = Buffer.from(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  const refresh = (refreshToken: string) => t.gql(REFRESH, { refreshToken });
  const login = (email: string, password: string) => t.gql(LOGIN, { email, password });

  describe('login and me', () => {
    it('answers tokens and the user, and the access token identifies the caller', async () => {
      const user = await buildUser(t, { name: 'Siti Rahmawati' });
      const result = await t.gql(
        `mutation ($email: String!, $password: String!) {
          login(email: $email, password: $password) {
            accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email name roles }
          }
        }`,
        { email: user.email, password: user.password },
      );
      expect(result.errors).toBeUndefined();
      const session = result.data.login;
      expect(session.accessToken).toEqual(expect.any(String));
      expect(session.refreshToken).toEqual(expect.any(String));
      expect(session.accessToken).not.toBe(session.refreshToken);
      expect(new Date(session.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(new Date(session.refreshTokenExpiresAt).getTime()).toBeGreaterThan(
        new Date(session.accessTokenExpiresAt).getTime(),
      );
      expect(session.user).toEqual({ id: user.id, email: user.email, name: 'Siti Rahmawati', roles: ['LEARNER'] });

      const me = await t.ok(ME, {}, { token: session.accessToken });
      expect(me.me).toEqual({ id: user.id, email: user.email, roles: ['LEARNER'] });

      const seen = await t.ok(`{ me { lastLoginAt } }`, {}, { token: session.accessToken });
      expect(seen.me.lastLoginAt).toEqual(expect.any(String));
      expect(Math.abs(new Date(seen.me.lastLoginAt).getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('accepts the email in any case and with surrounding spaces', async () => {
      const user = await buildUser(t);
      const session = await t.login(`  ${user.email.toUpperCase()} `, user.password);
      expect(session.user.id).toBe(user.id);
    });

    it('answers a wrong password and an unknown email alike, with UNAUTHENTICATED', async () => {
      const user = await buildUser(t);
      const wrongPassword = await login(user.email, 'bukan-sandi-yang-benar');
      const unknownEmail = await login(`tidak.ada.${randomUUID()}@sibolgakota.go.id`, user.password);

      for (const result of [wrongPassword, unknownEmail]) {
        expect(result.data).toBeNull();
        expect(result.errors).toHaveLength(1);
        expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      }
      expect(wrongPassword.errors![0].message).toBe(unknownEmail.errors![0].message);
    });
  });

  describe('refresh tokens', () => {
    it('rotates: the new token differs, works, and the old one is spent', async () => {
      const user = await buildUser(t);
      const first = await user.login();

      const rotated = await refresh(first.refreshToken);
      expect(rotated.errors).toBeUndefined();
      const second = rotated.data.refreshToken;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.user.id).toBe(user.id);
      expect((await t.ok(ME, {}, { token: second.accessToken })).me.id).toBe(user.id);

      const again = await refresh(first.refreshToken);
      expect(again.data).toBeNull();
      expect(again.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('revokes the whole family when a spent token is presented again', async () => {
      const user = await buildUser(t);
      const first = await user.login();
      const second = (await t.ok(REFRESH, { refreshToken: first.refreshToken })).refreshToken;
      const third = (await t.ok(REFRESH, { refreshToken: second.refreshToken })).refreshToken;

      // The first token was copied by someone else: presenting it again is refused...
      const reuse = await refresh(first.refreshToken);
      expect(reuse.errors![0].extensions!.code).toBe('UNAUTHENTICATED');

      // ...and the newest token of the family, never used yet, no longer works either.
      const newest = await refresh(third.refreshToken);
      expect(newest.data).toBeNull();
      expect(newest.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('does not touch other sessions of the same account when one family is revoked', async () => {
      const user = await buildUser(t);
      const laptop = await user.login();
      const phone = await user.login();
      await t.ok(REFRESH, { refreshToken: laptop.refreshToken });
      expect((await refresh(laptop.refreshToken)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');

      const phoneRefresh = await refresh(phone.refreshToken);
      expect(phoneRefresh.errors).toBeUndefined();
    });

    it('refuses a token it never issued', async () => {
      const result = await refresh('token-karangan-sendiri');
      expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('logout', () => {
    it('ends the session: its refresh token no longer works', async () => {
      const user = await buildUser(t);
      const session = await user.login();
      expect((await t.ok(LOGOUT, { refreshToken: session.refreshToken })).logout).toBe(true);

      const result = await refresh(session.refreshToken);
      expect(result.data).toBeNull();
      expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('is idempotent', async () => {
      const user = await buildUser(t);
      const session = await user.login();
      expect((await t.ok(LOGOUT, { refreshToken: session.refreshToken })).logout).toBe(true);
      expect((await t.ok(LOGOUT, { refreshToken: session.refreshToken })).logout).toBe(true);
      expect((await t.ok(LOGOUT, { refreshToken: 'tidak-pernah-ada' })).logout).toBe(true);
    });
  });

  describe('access tokens', () => {
    const expectRejected = async (authorization: string) => {
      const result = await t.gql(ME, {}, { headers: { authorization } });
      expect(result.status).toBe(401);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      return result;
    };

    it('refuses a token whose signature was altered', async () => {
      const user = await buildUser(t);
      const token = await user.token();
      const [header, payload, signature] = token.split('.');
      // The first character of the signature carries six full bits: changing it always changes the bytes.
      const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      await expectRejected(`Bearer ${header}.${payload}.${flipped}`);
      // The untouched token still works.
      expect((await t.ok(ME, {}, { token })).me.id).toBe(user.id);
    });

    it('refuses garbage', async () => {
      await expectRejected('Bearer ini-bukan-token');
      await expectRejected('Bearer a.b.c');
    });

    it('refuses an expired token signed with the right key', async () => {
      const user = await buildUser(t);
      // A live session of the user: only expiry may make the difference below.
      const sid = sessionIdOf(await user.token());
      const now = Math.floor(Date.now() / 1000);
      const expired = await signAccessToken(t.config.jwtSecret, { userId: user.id, sessionId: sid, issuedAt: now - 3600, expiresAt: now - 60 });
      await expectRejected(`Bearer ${expired}`);

      // The same claims, not yet expired, are accepted: the refusal above is about expiry alone.
      const fresh = await signAccessToken(t.config.jwtSecret, { userId: user.id, sessionId: sid, issuedAt: now, expiresAt: now + 300 });
      expect((await t.ok(ME, {}, { token: fresh })).me.id).toBe(user.id);
    });

    it('refuses an unsupported scheme and a malformed header', async () => {
      const user = await buildUser(t);
      const token = await user.token();
      await expectRejected(`Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`);
      await expectRejected(`Token ${token}`);
      await expectRejected(`Bearer ${token} tambahan`);
      await expectRejected('Bearer');
    });
  });

  describe('login throttling', () => {
    it('refuses the 6th attempt for one account within the window, even with the correct password', async () => {
      const user = await buildUser(t);
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const result = await login(user.email, `salah-${attempt}-sandinya`);
        expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      }

      const sixth = await login(user.email, user.password);
      expect(sixth.data).toBeNull();
      expect(sixth.errors).toHaveLength(1);
      expect(sixth.errors![0].extensions!.code).toBe('RATE_LIMITED');
      expect(sixth.errors![0].extensions!.retryAfterSeconds).toEqual(expect.any(Number));
      expect(sixth.errors![0].extensions!.retryAfterSeconds as number).toBeGreaterThan(0);

      // The same account written differently is the same account.
      const otherCase = await login(user.email.toUpperCase(), user.password);
      expect(otherCase.errors![0].extensions!.code).toBe('RATE_LIMITED');

      // Another account from the same address is not affected.
      const neighbour = await buildUser(t);
      const ok = await login(neighbour.email, neighbour.password);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.login.user.id).toBe(neighbour.id);
    });

    it('counts failed attempts only: a successful login starts the account afresh', async () => {
      const user = await buildUser(t);
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        expect((await login(user.email, `keliru-${attempt}-sandinya`)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      }
      expect((await login(user.email, user.password)).errors).toBeUndefined();
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        expect((await login(user.email, `keliru-lagi-${attempt}`)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      }
      expect((await login(user.email, user.password)).errors).toBeUndefined();
    });
  });

  describe('deactivated users', () => {
    it('cannot log in, and lose their access and refresh tokens', async () => {
      const user = await buildUser(t);
      const session = await user.login();
      expect((await t.ok(ME, {}, { token: session.accessToken })).me.id).toBe(user.id);

      const updated = await t.ok(UPDATE_USER, { id: user.id, input: { active: false } }, { token: await t.adminToken() });
      expect(updated.updateUser).toEqual({ id: user.id, active: false });

      const relogin = await login(user.email, user.password);
      expect(relogin.data).toBeNull();
      expect(relogin.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      // Deactivated accounts cannot be told apart from a wrong password.
      const wrong = await login(user.email, 'sandi-yang-keliru-sekali');
      expect(relogin.errors![0].message).toBe(wrong.errors![0].message);

      const me = await t.gql(ME, {}, { token: session.accessToken });
      expect(me.status).toBe(401);
      expect(me.errors![0].extensions!.code).toBe('UNAUTHENTICATED');

      const refreshed = await refresh(session.refreshToken);
      expect(refreshed.data).toBeNull();
      expect(refreshed.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('stay locked out of old sessions after being reactivated, but can log in again', async () => {
      const user = await buildUser(t);
      const session = await user.login();
      const admin = await t.adminToken();
      await t.ok(UPDATE_USER, { id: user.id, input: { active: false } }, { token: admin });
      await t.ok(UPDATE_USER, { id: user.id, input: { active: true } }, { token: admin });

      expect((await refresh(session.refreshToken)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await login(user.email, user.password)).errors).toBeUndefined();
    });
  });

  describe('changePassword', () => {
    it('refuses a wrong current password with BAD_USER_INPUT on currentPassword, changing nothing', async () => {
      const user = await buildUser(t);
      const session = await user.login();
      const result = await t.gql(
        CHANGE_PASSWORD,
        { input: { currentPassword: 'bukan-sandi-lama', newPassword: 'sandi-baru-yang-panjang' } },
        { token: session.accessToken },
      );
      expect(result.data).toBeNull();
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.fields).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);

      expect((await login(user.email, user.password)).errors).toBeUndefined();
      expect((await login(user.email, 'sandi-baru-yang-panjang')).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a new password that is too short', async () => {
      const user = await buildUser(t);
      const result = await t.gql(
        CHANGE_PASSWORD,
        { input: { currentPassword: user.password, newPassword: 'pendek' } },
        { token: await user.token() },
      );
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.fields).toEqual([{ field: 'newPassword', message: expect.any(String) }]);
    });

    it('needs a logged-in caller', async () => {
      const result = await t.gql(CHANGE_PASSWORD, {
        input: { currentPassword: 'apa-saja-sandinya', newPassword: 'sandi-baru-yang-panjang' },
      });
      expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('ends the other sessions but keeps the current one, and the new password works', async () => {
      const user = await buildUser(t);
      const current = await user.login();
      const other = await user.login();
      const newPassword = 'sandi-baru-pegawai-2024';

      const changed = await t.ok(
        CHANGE_PASSWORD,
        { input: { currentPassword: user.password, newPassword } },
        { token: current.accessToken },
      );
      expect(changed.changePassword).toBe(true);

      const otherRefresh = await refresh(other.refreshToken);
      expect(otherRefresh.data).toBeNull();
      expect(otherRefresh.errors![0].extensions!.code).toBe('UNAUTHENTICATED');

      const currentRefresh = await refresh(current.refreshToken);
      expect(currentRefresh.errors).toBeUndefined();
      expect(currentRefresh.data.refreshToken.user.id).toBe(user.id);

      expect((await login(user.email, user.password)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      const fresh = await login(user.email, newPassword);
      expect(fresh.errors).toBeUndefined();
      expect(fresh.data.login.user.id).toBe(user.id);
    });
  });
});
