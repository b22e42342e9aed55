import type { EntityManager } from '@mikro-orm/postgresql';
import { entityByIdLoader } from '../../graphql/loaders';
import { Organization } from './organization.entity';

export function createOrganizationLoaders(em: EntityManager) {
  return { organizationById: entityByIdLoader(em, Organization) };
}
