import type { EntityManager } from '@mikro-orm/postgresql';
import { entityByIdLoader } from '../../graphql/loaders';
import { StoredBlob } from './stored-blob.entity';

export function createUploadLoaders(em: EntityManager) {
  return {
    storedBlobById: entityByIdLoader(em, StoredBlob),
  };
}
