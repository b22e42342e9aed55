import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { entityByIdLoader, isUuid } from '../../graphql/loaders';
import { MaterialVersion } from '../material/material.entity';
import { StoredBlob } from './stored-blob.entity';

export function createUploadLoaders(em: EntityManager) {
  return {
    materialVersionById: entityByIdLoader(em, MaterialVersion),
    storedBlobById: entityByIdLoader(em, StoredBlob),
    /** Material → module → course in one joined query for all materials of a tick. */
    versionsByMaterialId: new DataLoader<string, MaterialVersion[]>(async (materialIds) => {
      const wellFormed = materialIds.filter(isUuid);
      const versions = wellFormed.length
        ? await em.find(MaterialVersion, { material: { $in: wellFormed } }, { orderBy: { version: 'desc' } })
        : [];
      return materialIds.map((id) => versions.filter((version) => version.material.id === id));
    }),
  };
}
