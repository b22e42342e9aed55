import { randomBytes, randomInt } from 'node:crypto';
import type { Session } from '../support/graphql-client';
import type { ApiUnderTest } from '../support/test-app';

const unique = () => randomBytes(4).toString('hex');

const AGENCY_NAMES = ['Dinas Kesehatan', 'Dinas Kependudukan dan Pencatatan Sipil', 'Dinas Pendidikan', 'Kecamatan Sibolga Kota'];

/** A valid NIP: birth date, appointment month, gender digit and sequence. */
export function randomNip(): string {
  const birthYear = 1970 + randomInt(30);
  const birth = `${birthYear}${pad(1 + randomInt(12))}${pad(1 + randomInt(28))}`;
  const appointed = `${birthYear + 22 + randomInt(5)}${pad(1 + randomInt(12))}`;
  return `${birth}${appointed}${1 + randomInt(2)}${String(1 + randomInt(999)).padStart(3, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export interface BuiltOrganization {
  id: string;
  name: string;
  kind: string;
}

export async function buildOrganization(
  t: ApiUnderTest,
  input: { name?: string; kind?: 'AGENCY' | 'UNIVERSITY' | 'NGO' | 'TRAINING_CENTER'; parentId?: string } = {},
): Promise<BuiltOrganization> {
  const kind = input.kind ?? 'AGENCY';
  const name = input.name ?? `${kind === 'AGENCY' ? AGENCY_NAMES[randomInt(AGENCY_NAMES.length)] : 'Universitas Tapanuli'} ${unique()}`;
  const data = await t.ok<{ createOrganization: BuiltOrganization }>(
    `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name kind } }`,
    { input: { name, kind, parentId: input.parentId } },
    { token: await t.adminToken() },
  );
  return data.createOrganization;
}

export interface BuiltUser {
  id: string;
  email: string;
  password: string;
  name: string;
  nip: string | null;
  roles: string[];
  organizationId: string;
  login(): Promise<Session>;
  /** Access token of a fresh login. */
  token(): Promise<string>;
}

export async function buildUser(
  t: ApiUnderTest,
  input: {
    roles?: ('LEARNER' | 'INSTRUCTOR' | 'PARTNER' | 'ADMIN' | 'AGENCY_HEAD')[];
    organizationId?: string;
    nip?: string | null;
    name?: string;
    email?: string;
    position?: string;
  } = {},
): Promise<BuiltUser> {
  const roles = input.roles ?? ['LEARNER'];
  const organizationId =
    input.organizationId ?? (await buildOrganization(t, { kind: roles.includes('PARTNER') ? 'UNIVERSITY' : 'AGENCY' })).id;
  const password = `sandi-${unique()}-rahasia`;
  const name = input.name ?? `Pegawai ${unique()}`;
  const email = input.email ?? `pegawai.${unique()}@sibolgakota.go.id`;
  const nip = input.nip === undefined ? (roles.includes('PARTNER') ? null : randomNip()) : input.nip;
  const data = await t.ok<{ createUser: { id: string; email: string } }>(
    `mutation ($input: CreateUserInput!) { createUser(input: $input) { id email } }`,
    { input: { name, email, nip, organizationId, roles, password, position: input.position } },
    { token: await t.adminToken() },
  );
  const login = () => t.login(data.createUser.email, password);
  return {
    id: data.createUser.id,
    email: data.createUser.email,
    password,
    name,
    nip,
    roles,
    organizationId,
    login,
    token: async () => (await login()).accessToken,
  };
}
