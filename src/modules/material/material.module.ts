import { MaterialResolver } from './material.resolver';
import { Material, MaterialVersion } from './material.entity';
import { defineModule } from '../../module';

export const materialModule = defineModule({
  name: 'material',
  entities: [Material, MaterialVersion],
  resolvers: [MaterialResolver],
});
