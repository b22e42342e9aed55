import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

/** Content stored once per SHA-256: identical files of many materials share one object. */
@Entity({ tableName: 'stored_blobs' })
export class StoredBlob extends BaseEntity {
  @Property({ type: 'text', unique: true })
  sha256!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  size!: number;

  @Property({ type: 'text' })
  contentType!: string;

  @Property({ type: 'text', unique: true })
  objectKey!: string;
}
