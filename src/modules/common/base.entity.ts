// transitional re-export for upload/, removed at merge
export { BaseEntity } from '../../db/base.entity';
