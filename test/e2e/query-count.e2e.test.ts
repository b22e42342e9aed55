import { randomBytes } from 'node:crypto';
import { buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildOrganization, buildUser } from '../builders/identity';
import { startTestApp, type TestApp } from '../support/test-app';

const USERS_WITH_ORGANIZATIONS = `query ($search: String!) {
  users(first: 100, filter: { search: $search }) {
    totalCount
    edges { node { id name organization { id name parent { id name } } } }
  }
}`;

describe('SQL statements per request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  /** Users in their own sub-agencies, so every organization and parent is a distinct row. */
  async function usersInOwnAgencies(count: number, marker: string) {
    for (let i = 0; i < count; i += 1) {
      const parent = await buildOrganization(t, { kind: 'AGENCY' });
      const agency = await buildOrganization(t, { kind: 'AGENCY', parentId: parent.id });
      await buildUser(t, { organizationId: agency.id, name: `Pegawai ${marker} ${i}` });
    }
  }

  it('do not grow with the number of users and organizations listed', async () => {
    const few = `sedikit${randomBytes(3).toString('hex')}`;
    const many = `banyak${randomBytes(3).toString('hex')}`;
    await usersInOwnAgencies(2, few);
    await usersInOwnAgencies(12, many);
    const token = await t.adminToken();

    const small = await t.gql(USERS_WITH_ORGANIZATIONS, { search: few }, { token });
    const large = await t.gql(USERS_WITH_ORGANIZATIONS, { search: many }, { token });

    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data.users.totalCount).toBe(2);
    expect(large.data.users.totalCount).toBe(12);
    expect(large.data.users.edges.every((e: any) => e.node.organization.parent.name)).toBe(true);
    expect(small.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('for courses { modules { materials } } are the same for 2 and for 50 materials per module', async () => {
    async function courseWith(materialsPerModule: number): Promise<BuiltCourse> {
      const course = await buildCourse(t, { title: `Katalog ${materialsPerModule} materi` });
      for (let m = 0; m < 2; m += 1) {
        const module = await buildModule(t, course);
        for (let i = 0; i < materialsPerModule; i += 1) {
          await buildMaterial(t, course, module.id, i % 2 ? 'TEXT' : 'DOCUMENT');
        }
      }
      await publishCourse(t, course);
      return course;
    }
    const small = await courseWith(2);
    const large = await courseWith(50);
    const query = `query ($code: String!) {
      courses(filter: { code: $code }) {
        edges { node { id title organization { name } instructors { name }
          modules { id title prerequisite { id } materials { id title kind status module { id } } } } }
      }
    }`;
    const token = await t.adminToken();
    const few = await t.gql(query, { code: small.code }, { token });
    const many = await t.gql(query, { code: large.code }, { token });
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    const materialsOf = (result: any) =>
      result.data.courses.edges[0].node.modules.reduce((sum: number, m: any) => sum + m.materials.length, 0);
    expect(materialsOf(few)).toBe(4);
    expect(materialsOf(many)).toBe(100);
    expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });
});
