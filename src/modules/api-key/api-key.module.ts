import { ApiKeyResolver } from './api-key.resolver';
import { ApiKey } from './api-key.entity';
import { defineModule } from '../../module';

export const apiKeyModule = defineModule({
  name: 'api-key',
  entities: [ApiKey],
  resolvers: [ApiKeyResolver],
});
