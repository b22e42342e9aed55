import { randomBytes } from 'node:crypto';
import type { Credentials } from '../support/graphql-client';
import type { ApiUnderTest } from '../support/test-app';

const unique = () => randomBytes(4).toString('hex');

/** An API key of a partner organization (created by the admin); the secret, as a partner system holds it. */
export async function partnerApiKey(t: ApiUnderTest, organizationId: string, name = 'Sistem Informasi Seminar'): Promise<string> {
  const data = await t.ok<{ createApiKey: { secret: string } }>(
    `mutation ($organizationId: ID!, $name: String!) { createApiKey(organizationId: $organizationId, name: $name) { secret } }`,
    { organizationId, name },
    { token: await t.adminToken() },
  );
  return data.createApiKey.secret;
}

/** Midnight UTC `days` from today, plus `hours` (01:00 UTC is 08:00 in Sibolga, Asia/Jakarta). */
export function dayFromNow(days: number, hours = 0): Date {
  const date = new Date();
  date.setUTCHours(0, 0, 0, 0);
  return new Date(date.getTime() + days * 86_400_000 + hours * 3_600_000);
}

/** A two-day national seminar a month from now in Sibolga: morning sessions 08:00–12:00 WIB. */
export function seminarInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalRef: `SEM-${unique()}`,
    title: 'Seminar Nasional Transformasi Pelayanan Publik',
    abstract: '## Ringkasan\nInovasi **pelayanan publik** di daerah: praktik baik dan tantangannya.',
    kind: 'SEMINAR',
    scope: 'NATIONAL',
    capacity: 100,
    venue: 'Aula Universitas, Jl. Sisingamangaraja, Sibolga',
    speakers: [
      { name: 'Dr. Rina Hutagalung', affiliation: 'Universitas Tapanuli', bio: 'Peneliti kebijakan publik.' },
      { name: 'Ir. Budi Pasaribu, M.Si.', affiliation: 'BKPSDM Kota Sibolga' },
    ],
    sessions: [
      { externalRef: 'hari-1', title: 'Hari 1', startsAt: dayFromNow(30, 1).toISOString(), endsAt: dayFromNow(30, 5).toISOString(), timeZone: 'Asia/Jakarta' },
      { externalRef: 'hari-2', title: 'Hari 2', startsAt: dayFromNow(31, 1).toISOString(), endsAt: dayFromNow(31, 5).toISOString(), timeZone: 'Asia/Jakarta' },
    ],
    ...overrides,
  };
}

export const PUBLISH_SEMINAR = `mutation ($input: SeminarInput!) {
  publishSeminar(input: $input) {
    id externalRef title status capacity days jp jpRule startsAt endsAt registrationClosesAt
    organizer { id }
    sessions { id position externalRef title startsAt endsAt timeZone venue onlineUrl }
    speakers { name affiliation bio }
    audience { organizations { id } positions }
  }
}`;

export async function publishSeminar(t: ApiUnderTest, credentials: Credentials, overrides: Record<string, unknown> = {}) {
  return (await t.ok(PUBLISH_SEMINAR, { input: seminarInput(overrides) }, credentials)).publishSeminar;
}
