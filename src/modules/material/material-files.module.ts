import { defineModule } from '../../module';
import { MaterialFileResolver } from './material-file.resolver';
import { UploadResolver } from './material-upload.resolver';

/**
 * A material's files (upload mutations, versions): its own manifest, listed where upload/'s
 * resolvers always loaded, since type-graphql orders the schema's fields by when decorators ran.
 */
export const materialFilesModule = defineModule({
  name: 'material-files',
  resolvers: [UploadResolver, MaterialFileResolver],
});
