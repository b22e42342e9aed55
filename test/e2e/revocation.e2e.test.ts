import { randomUUID } from 'node:crypto';
import { buildUser } from '../builders/identity';
import { type GraphQLResponse, type Session } from '../support/graphql-client';
import { signAccessToken } from '../support/tokens';
import { startTestApp, type TestApp } from '../support/test-app';

const ME = `{ me { id } }`;
const REFRESH = `mutation ($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken refreshToken } }`;
const LOGOUT = `mutation ($refreshToken: String!) { logout(refreshToken: $refreshToken) }`;
const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }`;
const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id active } }`;
const SESSION_ENDED = 'Your session has ended; log in again';

/**
 * Access tokens live 15 minutes, but a session that ends must not: the next request with any of
 * its access tokens is refused, on whichever API process it lands.
 */
describe('revocation is immediate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  const me = (accessToken: string) => t.gql(ME, {}, { token: accessToken });
  const expectSessionEnded = (result: GraphQLResponse) => {
    expect(result.status).toBe(401);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(result.errors![0].message).toBe(SESSION_ENDED);
  };
  const expectWorks = async (session: Pick<Session, 'accessToken'>, userId: string) => {
    const result = await me(session.accessToken);
    expect(result.errors).toBeUndefined();
    expect((result.data as any).me.id).toBe(userId);
  };

  it('after logout on her laptop, Siti’s laptop access token is refused, her phone keeps working, and she can log in again', async () => {
    const siti = await buildUser(t, { name: 'Siti Rahmawati' });
    const laptop = await siti.login();
    const phone = await siti.login();
    await expectWorks(laptop, siti.id);

    expect((await t.ok(LOGOUT, { refreshToken: laptop.refreshToken })).logout).toBe(true);

    expectSessionEnded(await me(laptop.accessToken));
    await expectWorks(phone, siti.id);
    await expectWorks(await siti.login(), siti.id);
  });

  it('when a copied refresh token is presented again, every access token of that session is refused at once', async () => {
    const budi = await buildUser(t, { name: 'Budi Santoso' });
    const first = await budi.login();
    const second = (await t.ok(REFRESH, { refreshToken: first.refreshToken })).refreshToken;
    await expectWorks(first, budi.id);
    await expectWorks(second, budi.id);

    // Someone copied Budi's first refresh token and tries it: the whole session is revoked...
    const reuse = await t.gql(REFRESH, { refreshToken: first.refreshToken });
    expect(reuse.errors![0].extensions!.code).toBe('UNAUTHENTICATED');

    // ...so neither the old nor the newest access token of that session works any more.
    expectSessionEnded(await me(first.accessToken));
    expectSessionEnded(await me(second.accessToken));
    await expectWorks(await budi.login(), budi.id);
  });

  it('after Rina changes her password, the session a thief holds is refused at once; hers carries on, and the new password logs in', async () => {
    const rina = await buildUser(t, { name: 'Rina Siregar' });
    const hers = await rina.login();
    const thiefs = await rina.login();
    await expectWorks(thiefs, rina.id);

    const newPassword = 'sandi-baru-rina-2026';
    await t.ok(CHANGE_PASSWORD, { input: { currentPassword: rina.password, newPassword } }, { token: hers.accessToken });

    expectSessionEnded(await me(thiefs.accessToken));
    // The session that proved the current password is kept (changePassword "ends every other session").
    await expectWorks(hers, rina.id);
    await expectWorks(await t.login(rina.email, newPassword), rina.id);
  });

  it('after an admin deactivates Andi, all his sessions are refused at once, and stay refused after reactivation, when a fresh login works', async () => {
    const andi = await buildUser(t, { name: 'Andi Nasution' });
    const office = await andi.login();
    const home = await andi.login();
    const admin = await t.adminToken();

    await t.ok(UPDATE_USER, { id: andi.id, input: { active: false } }, { token: admin });
    expectSessionEnded(await me(office.accessToken));
    expectSessionEnded(await me(home.accessToken));

    await t.ok(UPDATE_USER, { id: andi.id, input: { active: true } }, { token: admin });
    expectSessionEnded(await me(office.accessToken));
    expectSessionEnded(await me(home.accessToken));
    await expectWorks(await andi.login(), andi.id);
  });

  it('refuses a correctly signed token that names a session which never existed', async () => {
    const user = await buildUser(t);
    const now = Math.floor(Date.now() / 1000);
    const forged = await signAccessToken(t.config.jwtSecret, { userId: user.id, sessionId: randomUUID(), issuedAt: now, expiresAt: now + 300 });
    expectSessionEnded(await me(forged));
  });
});
