import { randomBytes, randomUUID } from 'node:crypto';
import { Cursor } from '@mikro-orm/core';
import { buildOrganization, buildUser, randomNip } from '../builders/identity';
import { countRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE_USER = `mutation ($input: CreateUserInput!) {
  createUser(input: $input) { id email name nip position roles active organization { id name } }
}`;
const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { id name roles position active organization { id name } }
}`;
const USERS = `query ($first: Int, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name email nip roles active } }
  }
}`;

const RESET_PASSWORD = `mutation ($id: ID!, $input: ResetPasswordInput!) { resetPassword(userId: $id, input: $input) }`;
const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`;
const REFRESH = `mutation ($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`;

const unique = () => randomBytes(4).toString('hex');

describe('users', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  /** Read straight from the database, only to prove that a refused mutation wrote nothing. */
  const countUsers = () => countRows(t.databaseUrl, 'SELECT count(*) FROM users');

  const validInput = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
    name: 'Dewi Lestari',
    email: `dewi.${unique()}@sibolgakota.go.id`,
    nip: randomNip(),
    organizationId,
    position: 'Analis Kepegawaian',
    password: 'sandi-awal-pegawai',
    ...overrides,
  });

  const list = async (variables: Record<string, unknown>, token = admin) => (await t.ok(USERS, variables, { token })).users;

  describe('createUser', () => {
    it('creates a user with a valid NIP, lower-casing the email', async () => {
      const agency = await buildOrganization(t, { kind: 'AGENCY', name: `Dinas Pendidikan ${unique()}` });
      const nip = '198703152010012003';
      const email = `Dewi.${unique()}@SibolgaKota.go.id`;
      const created = (
        await t.ok(CREATE_USER, { input: validInput(agency.id, { email, nip, roles: ['LEARNER', 'INSTRUCTOR'] }) }, { token: admin })
      ).createUser;
      expect(created).toEqual({
        id: expect.any(String),
        email: email.toLowerCase(),
        name: 'Dewi Lestari',
        nip,
        position: 'Analis Kepegawaian',
        roles: ['LEARNER', 'INSTRUCTOR'],
        active: true,
        organization: { id: agency.id, name: agency.name },
      });
      // The new user can log in with its initial password.
      expect((await t.login(email, 'sandi-awal-pegawai')).user.id).toBe(created.id);
    });

    it('creates a non-ASN user without a NIP, as a LEARNER by default', async () => {
      const ngo = await buildOrganization(t, { kind: 'NGO' });
      const created = (
        await t.ok(CREATE_USER, { input: validInput(ngo.id, { nip: undefined, position: undefined }) }, { token: admin })
      ).createUser;
      expect(created.nip).toBeNull();
      expect(created.position).toBeNull();
      expect(created.roles).toEqual(['LEARNER']);
    });

    it.each([
      ['17 digits', '19870315201001200'],
      ['19 digits', '1987031520100120031'],
      ['letters', '19870315201001200A'],
      ['an impossible birth month (13)', '198713152010012003'],
      ['an impossible birth day (31 February)', '198702312010012003'],
      ['an appointment month 13', '198703152010132003'],
      ['gender digit 3', '198703152010013003'],
      ['sequence 000', '198703152010012000'],
    ])('refuses a NIP with %s as BAD_USER_INPUT on nip, creating nothing', async (_case, nip) => {
      const agency = await buildOrganization(t);
      const before = await countUsers();
      const result = await t.gql(CREATE_USER, { input: validInput(agency.id, { nip }) }, { token: admin });
      expect(result.data).toBeNull();
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.fields).toEqual(
        expect.arrayContaining([{ field: 'nip', message: expect.any(String) }]),
      );
      expect(await countUsers()).toBe(before);
    });

    it('refuses an email that differs from an existing one only in case with CONFLICT on email', async () => {
      const agency = await buildOrganization(t);
      const existing = await buildUser(t, { organizationId: agency.id, email: `budi.${unique()}@sibolgakota.go.id` });
      const before = await countUsers();

      const result = await t.gql(
        CREATE_USER,
        { input: validInput(agency.id, { email: existing.email.toUpperCase(), name: 'Budi Santoso' }) },
        { token: admin },
      );
      expect(result.data).toBeNull();
      expect(result.errors![0].extensions!.code).toBe('CONFLICT');
      expect(result.errors![0].extensions!.fields).toEqual([{ field: 'email', message: expect.any(String) }]);
      expect(await countUsers()).toBe(before);
    });

    it('refuses a NIP that is taken with CONFLICT on nip', async () => {
      const agency = await buildOrganization(t);
      const existing = await buildUser(t, { organizationId: agency.id });
      const before = await countUsers();

      const result = await t.gql(CREATE_USER, { input: validInput(agency.id, { nip: existing.nip }) }, { token: admin });
      expect(result.data).toBeNull();
      expect(result.errors![0].extensions!.code).toBe('CONFLICT');
      expect(result.errors![0].extensions!.fields).toEqual([{ field: 'nip', message: expect.any(String) }]);
      expect(await countUsers()).toBe(before);
    });

    it('refuses an unknown organization with BAD_USER_INPUT on organizationId', async () => {
      const before = await countUsers();
      for (const organizationId of [randomUUID(), 'bukan-id-organisasi']) {
        const result = await t.gql(CREATE_USER, { input: validInput(organizationId) }, { token: admin });
        expect(result.data).toBeNull();
        expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
        expect(result.errors![0].extensions!.fields).toEqual(
          expect.arrayContaining([{ field: 'organizationId', message: expect.any(String) }]),
        );
      }
      expect(await countUsers()).toBe(before);
    });

    it('refuses callers who are not admins', async () => {
      const agency = await buildOrganization(t);
      const instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: agency.id });
      const before = await countUsers();

      const forbidden = await t.gql(CREATE_USER, { input: validInput(agency.id) }, { token: await instructor.token() });
      expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');
      const anonymous = await t.gql(CREATE_USER, { input: validInput(agency.id) });
      expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(await countUsers()).toBe(before);
    });
  });

  describe('users connection', () => {
    it('filters by organization, role, search and active', async () => {
      const agency = await buildOrganization(t, { kind: 'AGENCY' });
      const elsewhere = await buildOrganization(t, { kind: 'AGENCY' });
      const tag = unique();
      const ani = await buildUser(t, { organizationId: agency.id, name: `Ani Suryani ${tag}`, roles: ['LEARNER'] });
      const bayu = await buildUser(t, {
        organizationId: agency.id,
        name: 'Bayu Pratama',
        email: `bayu.${tag}@sibolgakota.go.id`,
        roles: ['INSTRUCTOR'],
      });
      const citra = await buildUser(t, { organizationId: agency.id, name: 'Citra Kirana', roles: ['LEARNER', 'INSTRUCTOR'] });
      const outsider = await buildUser(t, { organizationId: elsewhere.id, name: `Ani Outsider ${tag}`, roles: ['INSTRUCTOR'] });
      await t.ok(UPDATE_USER, { id: citra.id, input: { active: false } }, { token: admin });

      const ids = (connection: any) => connection.edges.map((e: any) => e.node.id).sort();
      const sorted = (...users: { id: string }[]) => users.map((u) => u.id).sort();

      const byOrganization = await list({ first: 100, filter: { organizationId: agency.id } });
      expect(ids(byOrganization)).toEqual(sorted(ani, bayu, citra));
      expect(byOrganization.totalCount).toBe(3);
      // Ordered by name.
      expect(byOrganization.edges.map((e: any) => e.node.id)).toEqual([ani.id, bayu.id, citra.id]);

      const instructors = await list({ first: 100, filter: { organizationId: agency.id, role: 'INSTRUCTOR' } });
      expect(ids(instructors)).toEqual(sorted(bayu, citra));

      const byName = await list({ first: 100, filter: { search: tag.toUpperCase() } });
      expect(ids(byName)).toEqual(sorted(ani, bayu, outsider));
      const byNameInAgency = await list({ first: 100, filter: { search: `suryani ${tag}`, organizationId: agency.id } });
      expect(ids(byNameInAgency)).toEqual(sorted(ani));

      const byNip = await list({ first: 100, filter: { search: bayu.nip!.slice(4, 16) } });
      expect(ids(byNip)).toContain(bayu.id);
      expect(byNip.edges.every((e: any) => e.node.nip.includes(bayu.nip!.slice(4, 16)))).toBe(true);

      const byEmail = await list({ first: 100, filter: { search: `bayu.${tag}@` } });
      expect(ids(byEmail)).toEqual(sorted(bayu));

      const active = await list({ first: 100, filter: { organizationId: agency.id, active: true } });
      expect(ids(active)).toEqual(sorted(ani, bayu));
      const inactive = await list({ first: 100, filter: { organizationId: agency.id, active: false } });
      expect(ids(inactive)).toEqual(sorted(citra));
      expect(inactive.edges[0].node.active).toBe(false);

      const nothing = await list({ first: 100, filter: { organizationId: agency.id, role: 'ADMIN' } });
      expect(nothing).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    });

    it('treats LIKE wildcards in search as plain text', async () => {
      const agency = await buildOrganization(t);
      await buildUser(t, { organizationId: agency.id, name: 'Eko Saputra' });
      for (const search of ['%', '_', '\\']) {
        const result = await list({ first: 100, filter: { organizationId: agency.id, search } });
        expect(result.totalCount).toBe(0);
      }
    });

    it('pages with first and after, without duplicates or gaps', async () => {
      const agency = await buildOrganization(t);
      const names = ['Fajar', 'Gita', 'Hendra', 'Indah', 'Joko'];
      const created = [];
      for (const name of names) created.push(await buildUser(t, { organizationId: agency.id, name: `${name} Simanjuntak` }));

      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await list({ first: 2, after, filter: { organizationId: agency.id } });
        pages += 1;
        expect(page.totalCount).toBe(5);
        expect(page.edges.length).toBeLessThanOrEqual(2);
        seen.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        expect(page.edges).toHaveLength(2);
        after = page.pageInfo.endCursor;
        expect(pages).toBeLessThan(10);
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(created.map((u) => u.id));
    });

    it('refuses a page size above 100', async () => {
      const result = await t.gql(USERS, { first: 101 }, { token: admin });
      expect(result.data).toBeNull();
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.fields).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'first' })]),
      );
      for (const first of [0, -1]) {
        const tooSmall = await t.gql(USERS, { first }, { token: admin });
        expect(tooSmall.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      }
    });

    it('refuses invalid and tampered cursors as BAD_USER_INPUT on after', async () => {
      const agency = await buildOrganization(t);
      await buildUser(t, { organizationId: agency.id, name: 'Kartika Sari' });
      await buildUser(t, { organizationId: agency.id, name: 'Lukman Hakim' });
      const page = await list({ first: 1, filter: { organizationId: agency.id } });
      const real: string = page.pageInfo.endCursor;
      expect((await list({ first: 1, after: real, filter: { organizationId: agency.id } })).edges).toHaveLength(1);

      const decoded = Cursor.decode(real) as unknown[];
      const tampered = [
        'bukan-kursor',
        `${real.slice(0, -3)}!!!`,
        Buffer.from('{"name":"x"}').toString('base64url'),
        Buffer.from('5').toString('base64url'),
        Cursor.encode([decoded[0], 'bukan-uuid']),
        Cursor.encode([{ $gt: '' }, decoded[1]]),
        Cursor.encode([decoded[0], null]),
        Cursor.encode([]),
        Cursor.encode(['satu', 'dua', 'tiga', 'empat']),
      ];
      for (const after of tampered) {
        const result = await t.gql(USERS, { first: 1, after, filter: { organizationId: agency.id } }, { token: admin });
        expect({ after, data: result.data }).toEqual({ after, data: null });
        expect({ after, code: result.errors![0].extensions!.code }).toEqual({ after, code: 'BAD_USER_INPUT' });
        expect(result.errors![0].extensions!.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
      }
    });

    it('is for admins: LEARNER gets FORBIDDEN and anonymous UNAUTHENTICATED', async () => {
      const learner = await buildUser(t);
      const forbidden = await t.gql(USERS, {}, { token: await learner.token() });
      expect(forbidden.data).toBeNull();
      expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');

      const anonymous = await t.gql(USERS, {});
      expect(anonymous.data).toBeNull();
      expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('user(id)', () => {
    const USER = `query ($id: ID!) { user(id: $id) { id email organization { id name } } }`;

    it('answers one’s own record and refuses another user’s to a LEARNER', async () => {
      const agency = await buildOrganization(t, { name: `Dinas Kesehatan ${unique()}` });
      const learner = await buildUser(t, { organizationId: agency.id });
      const colleague = await buildUser(t, { organizationId: agency.id });
      const token = await learner.token();

      const own = await t.ok(USER, { id: learner.id }, { token });
      expect(own.user).toEqual({ id: learner.id, email: learner.email, organization: { id: agency.id, name: agency.name } });

      // user is nullable: the refusal nulls the field and explains why in errors.
      const other = await t.gql(USER, { id: colleague.id }, { token });
      expect(other.data).toEqual({ user: null });
      expect(other.errors).toHaveLength(1);
      expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(other.errors![0].path).toEqual(['user']);

      // Admins see everyone.
      expect((await t.ok(USER, { id: colleague.id }, { token: admin })).user.id).toBe(colleague.id);
    });

    it('answers null for a malformed or unknown id', async () => {
      const learner = await buildUser(t);
      for (const token of [admin, await learner.token()]) {
        expect(await t.ok(USER, { id: 'bukan-id' }, { token })).toEqual({ user: null });
        expect(await t.ok(USER, { id: randomUUID() }, { token })).toEqual({ user: null });
      }
    });

    it('needs a caller', async () => {
      const learner = await buildUser(t);
      const result = await t.gql(USER, { id: learner.id });
      expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('updateUser', () => {
    it('changes roles, position and organization; the new roles take effect', async () => {
      const agency = await buildOrganization(t);
      const target = await buildOrganization(t, { name: `Badan Kepegawaian Daerah ${unique()}` });
      const user = await buildUser(t, { organizationId: agency.id, roles: ['LEARNER'] });

      const updated = (
        await t.ok(
          UPDATE_USER,
          { id: user.id, input: { roles: ['INSTRUCTOR', 'ADMIN'], position: 'Widyaiswara Ahli Muda', organizationId: target.id } },
          { token: admin },
        )
      ).updateUser;
      expect(updated).toEqual({
        id: user.id,
        name: user.name,
        roles: ['INSTRUCTOR', 'ADMIN'],
        position: 'Widyaiswara Ahli Muda',
        active: true,
        organization: { id: target.id, name: target.name },
      });

      const seen = (await t.ok(`query ($id: ID!) { user(id: $id) { roles position organization { name } } }`, { id: user.id }, { token: admin })).user;
      expect(seen).toEqual({ roles: ['INSTRUCTOR', 'ADMIN'], position: 'Widyaiswara Ahli Muda', organization: { name: target.name } });

      // Now an admin, the user may list users.
      const asAdmin = await t.gql(USERS, { first: 1 }, { token: await user.token() });
      expect(asAdmin.errors).toBeUndefined();
    });

    it('refuses an email taken by another user with CONFLICT, changing nothing', async () => {
      const agency = await buildOrganization(t);
      const one = await buildUser(t, { organizationId: agency.id });
      const two = await buildUser(t, { organizationId: agency.id });
      const result = await t.gql(UPDATE_USER, { id: two.id, input: { email: one.email.toUpperCase(), position: 'Camat' } }, { token: admin });
      expect(result.errors![0].extensions!.code).toBe('CONFLICT');
      expect(result.errors![0].extensions!.fields).toEqual([{ field: 'email', message: expect.any(String) }]);
      const seen = (await t.ok(`query ($id: ID!) { user(id: $id) { email position } }`, { id: two.id }, { token: admin })).user;
      expect(seen).toEqual({ email: two.email, position: null });
    });

    it('answers NOT_FOUND for an unknown user', async () => {
      const result = await t.gql(UPDATE_USER, { id: randomUUID(), input: { position: 'Lurah' } }, { token: admin });
      expect(result.errors![0].extensions!.code).toBe('NOT_FOUND');
    });
  });

  describe('resetPassword', () => {
    it('lets an admin set a new password for an ASN who forgot theirs: every session ends, only the new password logs in', async () => {
      const learner = await buildUser(t);
      const phone = await learner.login();
      const newPassword = 'sandi-dari-bkpsdm-2027';
      expect((await t.ok(RESET_PASSWORD, { id: learner.id, input: { newPassword } }, { token: admin })).resetPassword).toBe(true);

      expect((await t.gql(REFRESH, { r: phone.refreshToken })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await t.gql('{ me { id } }', {}, { token: phone.accessToken })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(LOGIN, { e: learner.email, p: learner.password })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(LOGIN, { e: learner.email, p: newPassword })).errors).toBeUndefined();
    });

    it('lets someone who locked themselves out with wrong guesses log in at once with the new password', async () => {
      const learner = await buildUser(t);
      for (let i = 0; i < 6; i += 1) await t.gql(LOGIN, { e: learner.email, p: `tebakan-salah-${i}` });
      const locked = await t.gql(LOGIN, { e: learner.email, p: learner.password });
      expect(locked.errors![0].extensions!.code).toBe('RATE_LIMITED');
      const newPassword = 'sandi-dari-bkpsdm-2027';
      await t.ok(RESET_PASSWORD, { id: learner.id, input: { newPassword } }, { token: admin });
      expect((await t.gql(LOGIN, { e: learner.email, p: newPassword })).errors).toBeUndefined();
    });

    it('refuses a short password with BAD_USER_INPUT on newPassword, changing nothing', async () => {
      const learner = await buildUser(t);
      const result = await t.gql(RESET_PASSWORD, { id: learner.id, input: { newPassword: 'pendek' } }, { token: admin });
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.fields).toEqual([{ field: 'newPassword', message: expect.any(String) }]);
      expect((await t.gql(LOGIN, { e: learner.email, p: learner.password })).errors).toBeUndefined();
    });

    it('answers NOT_FOUND for an unknown user, and is for admins only', async () => {
      expect((await t.gql(RESET_PASSWORD, { id: randomUUID(), input: { newPassword: 'sandi-yang-cukup-panjang' } }, { token: admin })).errors![0].extensions!.code).toBe('NOT_FOUND');
      const learner = await buildUser(t);
      const colleague = await buildUser(t);
      const asLearner = await t.gql(RESET_PASSWORD, { id: colleague.id, input: { newPassword: 'sandi-yang-cukup-panjang' } }, { token: await learner.token() });
      expect(asLearner.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect((await t.gql(RESET_PASSWORD, { id: colleague.id, input: { newPassword: 'sandi-yang-cukup-panjang' } })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(LOGIN, { e: colleague.email, p: colleague.password })).errors).toBeUndefined();
    });
  });
});
