import { OrganizationResolver } from './organization.resolver';
import { Organization } from './organization.entity';
import { createOrganizationLoaders } from './organization.loader';
import { defineModule } from '../../module';

export const organizationModule = defineModule({
  name: 'organization',
  entities: [Organization],
  resolvers: [OrganizationResolver],
  loaders: createOrganizationLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createOrganizationLoaders> {}
}
