import { randomBytes, randomUUID } from 'node:crypto';
import { buildOrganization, buildUser } from '../builders/identity';
import { countRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE = `mutation ($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name kind parent { id name } }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) { id name kind parent { id name } }
}`;
const ORGANIZATION = `query ($id: ID!) { organization(id: $id) { id name kind parent { id name parent { id name } } } }`;
const ORGANIZATIONS = `query ($first: Int, $after: String, $kind: OrganizationKind) {
  organizations(first: $first, after: $after, kind: $kind) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name kind } }
  }
}`;

const unique = () => randomBytes(4).toString('hex');

describe('organizations', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  /** Read straight from the database, only to prove that a refused mutation wrote nothing. */
  const countOrganizations = () => countRows(t.databaseUrl, 'SELECT count(*) FROM organizations');

  const expectBadParent = (result: any) => {
    expect(result.data).toBeNull();
    expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions!.fields).toEqual([{ field: 'parentId', message: expect.any(String) }]);
  };

  const allOrganizations = async (variables: Record<string, unknown>, token = admin) => {
    const nodes: any[] = [];
    let after: string | undefined;
    let totalCount = 0;
    for (let page = 0; page < 50; page += 1) {
      const result = (await t.ok(ORGANIZATIONS, { ...variables, first: 100, after }, { token })).organizations;
      totalCount = result.totalCount;
      nodes.push(...result.edges.map((e: any) => e.node));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    return { nodes, totalCount };
  };

  it('creates an agency under a parent agency, and parent resolves', async () => {
    const dinas = await buildOrganization(t, { kind: 'AGENCY', name: `Dinas Kesehatan Kota Sibolga ${unique()}` });
    const name = `UPT Puskesmas Sibolga Selatan ${unique()}`;
    const created = (await t.ok(CREATE, { input: { name, kind: 'AGENCY', parentId: dinas.id } }, { token: admin })).createOrganization;
    expect(created).toEqual({ id: expect.any(String), name, kind: 'AGENCY', parent: { id: dinas.id, name: dinas.name } });

    const unit = `Pustu Aek Parombunan ${unique()}`;
    const grandchild = (await t.ok(CREATE, { input: { name: unit, kind: 'AGENCY', parentId: created.id } }, { token: admin }))
      .createOrganization;
    const read = await t.ok(ORGANIZATION, { id: grandchild.id }, { token: admin });
    expect(read.organization).toEqual({
      id: grandchild.id,
      name: unit,
      kind: 'AGENCY',
      parent: { id: created.id, name, parent: { id: dinas.id, name: dinas.name } },
    });

    // Any logged-in user may read organizations.
    const learner = await buildUser(t, { organizationId: grandchild.id });
    const seen = await t.ok(ORGANIZATION, { id: grandchild.id }, { token: await learner.token() });
    expect(seen.organization.parent.name).toBe(name);
  });

  it('trims the name and leaves parent null for a top-level organization', async () => {
    const name = `Universitas Negeri Medan ${unique()}`;
    const created = (await t.ok(CREATE, { input: { name: `  ${name}  `, kind: 'UNIVERSITY' } }, { token: admin }))
      .createOrganization;
    expect(created).toEqual({ id: expect.any(String), name, kind: 'UNIVERSITY', parent: null });
  });

  it('refuses a parent on a university with BAD_USER_INPUT on parentId, creating nothing', async () => {
    const dinas = await buildOrganization(t, { kind: 'AGENCY' });
    const before = await countOrganizations();
    const result = await t.gql(
      CREATE,
      { input: { name: `Universitas Tapanuli Tengah ${unique()}`, kind: 'UNIVERSITY', parentId: dinas.id } },
      { token: admin },
    );
    expectBadParent(result);
    expect(await countOrganizations()).toBe(before);
  });

  it('refuses a parent that is not an agency, creating nothing', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const name = `Dinas Pendidikan Tapanuli ${unique()}`;
    const before = await countOrganizations();
    const result = await t.gql(CREATE, { input: { name, kind: 'AGENCY', parentId: university.id } }, { token: admin });
    expectBadParent(result);
    expect(await countOrganizations()).toBe(before);

    // The name is still free: nothing was half-created.
    const created = await t.ok(CREATE, { input: { name, kind: 'AGENCY' } }, { token: admin });
    expect(created.createOrganization.name).toBe(name);
  });

  it('refuses an unknown parent, creating nothing', async () => {
    const before = await countOrganizations();
    const result = await t.gql(
      CREATE,
      { input: { name: `Dinas Sosial ${unique()}`, kind: 'AGENCY', parentId: randomUUID() } },
      { token: admin },
    );
    expectBadParent(result);
    expect(await countOrganizations()).toBe(before);
  });

  it('refuses a duplicate name with CONFLICT on name', async () => {
    const existing = await buildOrganization(t, { kind: 'NGO', name: `Yayasan Cerdas Bangsa ${unique()}` });
    const before = await countOrganizations();
    const result = await t.gql(CREATE, { input: { name: existing.name, kind: 'NGO' } }, { token: admin });
    expect(result.data).toBeNull();
    expect(result.errors![0].extensions!.code).toBe('CONFLICT');
    expect(result.errors![0].extensions!.fields).toEqual([{ field: 'name', message: expect.any(String) }]);
    expect(await countOrganizations()).toBe(before);

    const other = await buildOrganization(t, { kind: 'NGO' });
    const renamed = await t.gql(UPDATE, { id: other.id, input: { name: existing.name } }, { token: admin });
    expect(renamed.errors![0].extensions!.code).toBe('CONFLICT');
    expect(renamed.errors![0].extensions!.fields).toEqual([{ field: 'name', message: expect.any(String) }]);
  });

  it('refuses to make a cycle (A under B, then B under A) or to put an agency under itself', async () => {
    const a = await buildOrganization(t, { kind: 'AGENCY', name: `Badan Perencanaan ${unique()}` });
    const b = await buildOrganization(t, { kind: 'AGENCY', name: `Bidang Perencanaan ${unique()}` });
    const c = await buildOrganization(t, { kind: 'AGENCY', name: `Sub Bidang Perencanaan ${unique()}` });

    const aUnderB = (await t.ok(UPDATE, { id: a.id, input: { parentId: b.id } }, { token: admin })).updateOrganization;
    expect(aUnderB.parent).toEqual({ id: b.id, name: b.name });

    expectBadParent(await t.gql(UPDATE, { id: b.id, input: { parentId: a.id } }, { token: admin }));
    expectBadParent(await t.gql(UPDATE, { id: a.id, input: { parentId: a.id } }, { token: admin }));

    // A longer cycle: C under A (under B), then B under C.
    await t.ok(UPDATE, { id: c.id, input: { parentId: a.id } }, { token: admin });
    expectBadParent(await t.gql(UPDATE, { id: b.id, input: { parentId: c.id } }, { token: admin }));

    expect((await t.ok(ORGANIZATION, { id: b.id }, { token: admin })).organization.parent).toBeNull();
    expect((await t.ok(ORGANIZATION, { id: a.id }, { token: admin })).organization.parent.id).toBe(b.id);
  });

  it('changes nothing when an update is refused, not even the other fields it carried', async () => {
    const a = await buildOrganization(t, { kind: 'AGENCY', name: `Inspektorat Daerah ${unique()}` });
    const b = await buildOrganization(t, { kind: 'AGENCY', name: `Inspektur Pembantu ${unique()}` });
    await t.ok(UPDATE, { id: a.id, input: { parentId: b.id } }, { token: admin });

    const result = await t.gql(UPDATE, { id: b.id, input: { name: `Nama Baru ${unique()}`, parentId: a.id } }, { token: admin });
    expectBadParent(result);

    const read = await t.ok(ORGANIZATION, { id: b.id }, { token: admin });
    expect(read.organization).toEqual({ id: b.id, name: b.name, kind: 'AGENCY', parent: null });
  });

  it('moves an agency under another and detaches it with parentId null', async () => {
    const parent = await buildOrganization(t, { kind: 'AGENCY' });
    const child = await buildOrganization(t, { kind: 'AGENCY' });
    const moved = (await t.ok(UPDATE, { id: child.id, input: { parentId: parent.id } }, { token: admin })).updateOrganization;
    expect(moved.parent).toEqual({ id: parent.id, name: parent.name });

    const detached = (await t.ok(UPDATE, { id: child.id, input: { parentId: null } }, { token: admin })).updateOrganization;
    expect(detached.parent).toBeNull();
    expect((await t.ok(ORGANIZATION, { id: child.id }, { token: admin })).organization.parent).toBeNull();
  });

  it('answers NOT_FOUND when updating an unknown organization', async () => {
    for (const id of [randomUUID(), 'bukan-id']) {
      const result = await t.gql(UPDATE, { id, input: { name: `Dinas Hantu ${unique()}` } }, { token: admin });
      expect(result.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
  });

  it('filters organizations by kind', async () => {
    const agency = await buildOrganization(t, { kind: 'AGENCY' });
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const ngo = await buildOrganization(t, { kind: 'NGO' });

    const agencies = await allOrganizations({ kind: 'AGENCY' });
    expect(agencies.nodes.length).toBe(agencies.totalCount);
    expect(agencies.nodes.every((node) => node.kind === 'AGENCY')).toBe(true);
    const agencyIds = agencies.nodes.map((node) => node.id);
    expect(agencyIds).toContain(agency.id);
    expect(agencyIds).not.toContain(university.id);
    expect(agencyIds).not.toContain(ngo.id);

    const universities = await allOrganizations({ kind: 'UNIVERSITY' });
    expect(universities.nodes.every((node) => node.kind === 'UNIVERSITY')).toBe(true);
    expect(universities.nodes.map((node) => node.id)).toContain(university.id);

    const everything = await allOrganizations({});
    const everyId = everything.nodes.map((node) => node.id);
    expect(new Set(everyId).size).toBe(everyId.length);
    expect(everyId).toEqual(expect.arrayContaining([agency.id, university.id, ngo.id]));
    expect(everything.totalCount).toBeGreaterThanOrEqual(agencies.totalCount + universities.totalCount + 1);
  });

  it('is for logged-in callers; only admins create or update', async () => {
    const agency = await buildOrganization(t, { kind: 'AGENCY' });
    const learner = await buildUser(t, { organizationId: agency.id });
    const partner = await buildUser(t, { roles: ['PARTNER'] });
    const before = await countOrganizations();

    for (const token of [await learner.token(), await partner.token()]) {
      const created = await t.gql(CREATE, { input: { name: `Dinas Siluman ${unique()}`, kind: 'AGENCY' } }, { token });
      expect(created.data).toBeNull();
      expect(created.errors![0].extensions!.code).toBe('FORBIDDEN');
      const updated = await t.gql(UPDATE, { id: agency.id, input: { name: `Dinas Siluman ${unique()}` } }, { token });
      expect(updated.errors![0].extensions!.code).toBe('FORBIDDEN');
      // Reading is fine.
      expect((await t.gql(ORGANIZATIONS, { first: 1 }, { token })).errors).toBeUndefined();
    }
    expect(await countOrganizations()).toBe(before);

    const anonymous = await t.gql(ORGANIZATIONS, {});
    expect(anonymous.data).toBeNull();
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const anonymousCreate = await t.gql(CREATE, { input: { name: `Dinas Tanpa Nama ${unique()}`, kind: 'AGENCY' } });
    expect(anonymousCreate.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await countOrganizations()).toBe(before);
  });
});
