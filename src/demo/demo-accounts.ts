import { randomBytes } from 'node:crypto';
import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../modules/user/password';
import { ApiKey } from '../modules/api-key/api-key.entity';
import { Organization, type OrganizationKind } from '../modules/organization/organization.entity';
import type { Role } from '../identity';
import { User } from '../modules/user/user.entity';
import { DEMO_ADMIN, DEMO_API_KEY_NAME, DEMO_ORGANIZATIONS, DEMO_PEOPLE, type DemoOrganizationKey, type DemoPerson } from './demo-people';

export interface DemoAccount {
  label: string;
  name: string;
  email: string;
  password: string;
  roles: string[];
}

/** Readable but unguessable: 16 characters from 12 random bytes. */
const newPassword = () => randomBytes(12).toString('base64url');

/**
 * Writes the demo organisations and people in one transaction, each found by its unique name or
 * email, and gives every person a fresh password. A seeding interrupted later (while publishing)
 * can so run again and print working credentials; the demo API keys an earlier run made are
 * revoked, since nobody saw them. Answers the organisations' ids by key.
 */
export async function upsertDemoAccounts(
  em: EntityManager,
): Promise<{ admin: DemoAccount; people: DemoAccount[]; organizationIds: Map<DemoOrganizationKey, string> }> {
  const people = [DEMO_ADMIN, ...DEMO_PEOPLE];
  const passwords = new Map(people.map((person) => [person.email, newPassword()]));
  const hashes = new Map(await Promise.all(people.map(async (person) => [person.email, await hashPassword(passwords.get(person.email) as string)] as const)));
  const organizationIds = new Map<DemoOrganizationKey, string>();
  await em.transactional(async (tx) => {
    const organizations = new Map<DemoOrganizationKey, Organization>();
    // Parents come first in DEMO_ORGANIZATIONS, so a sub-agency finds its dinas here.
    for (const wanted of DEMO_ORGANIZATIONS) {
      const organization = (await tx.findOne(Organization, { name: wanted.name })) ?? tx.create(Organization, { name: wanted.name, kind: wanted.kind as OrganizationKind });
      if (wanted.parent) organization.parent = ref(organizations.get(wanted.parent) as Organization);
      organizations.set(wanted.key, organization);
      organizationIds.set(wanted.key, organization.id);
    }
    await tx.nativeUpdate(ApiKey, { name: DEMO_API_KEY_NAME, revokedAt: null }, { revokedAt: new Date() });
    for (const person of people) {
      const values = {
        name: person.name,
        nip: person.nip,
        position: person.position,
        roles: person.roles as Role[],
        organization: organizations.get(person.organization) as Organization,
        passwordHash: hashes.get(person.email) as string,
        active: true,
      };
      const existing = await tx.findOne(User, { email: person.email });
      if (existing) tx.assign(existing, values);
      else tx.create(User, { email: person.email, ...values });
    }
  });
  const account = (person: DemoPerson): DemoAccount => ({
    label: person.label,
    name: person.name,
    email: person.email,
    password: passwords.get(person.email) as string,
    roles: person.roles,
  });
  return { admin: account(DEMO_ADMIN), people: DEMO_PEOPLE.map(account), organizationIds };
}
