import { Entity, Index, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import type { Material } from '../material/material.entity';
import { ApiKey } from '../api-key/api-key.entity';
import { User } from '../user/user.entity';
import { StoredBlob } from './stored-blob.entity';

@ObjectType({ description: 'One uploaded file of a material; replacing the file adds a version.' })
@Entity({ tableName: 'material_versions' })
@Unique({ properties: ['material', 'version'] })
export class MaterialVersion extends BaseEntity {
  @ManyToOne({ entity: 'Material', ref: true, deleteRule: 'cascade' })
  @Index()
  material!: Ref<Material>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  version!: number;

  @ManyToOne(() => StoredBlob, { ref: true, deleteRule: 'restrict' })
  @Index()
  blob!: Ref<StoredBlob>;

  @Field(() => String)
  @Property({ type: 'text' })
  filename!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  contentType!: string;

  @Field(() => Float, { description: 'Bytes.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  size!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  sha256!: string;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  uploadedBy?: Ref<User>;

  /** Set instead of uploadedBy when a partner system uploaded the file with its API key. */
  @ManyToOne(() => ApiKey, { ref: true, nullable: true, deleteRule: 'set null' })
  uploadedByApiKey?: Ref<ApiKey>;
}
