import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { hashPassword } from './password';
import { Organization, OrganizationKind } from '../organization/organization.entity';
import { Role } from '../../identity';
import { User } from './user.entity';

export const BOOTSTRAP_ORGANIZATION_NAME = 'Pengelola Pelita';

/**
 * On a database without any user, creates the first administrator so someone can log in and
 * set up the rest. Runs under the migration lock, so concurrent starts create one admin.
 */
export async function bootstrapAdmin(
  em: EntityManager,
  admin: { email: string; password: string } | undefined,
  logger: Logger,
): Promise<void> {
  if (!admin || (await em.count(User, {})) > 0) return;
  await em.transactional(async (tx) => {
    const organization =
      (await tx.findOne(Organization, { name: BOOTSTRAP_ORGANIZATION_NAME })) ??
      tx.create(Organization, { name: BOOTSTRAP_ORGANIZATION_NAME, kind: OrganizationKind.TRAINING_CENTER });
    tx.create(User, {
      email: admin.email.trim().toLowerCase(),
      name: 'Administrator Pelita',
      organization,
      roles: [Role.ADMIN],
      passwordHash: await hashPassword(admin.password),
    });
  });
  // The address is personal data and the operator set it: the log says only that it happened.
  logger.info('created the first administrator from BOOTSTRAP_ADMIN_EMAIL');
}
