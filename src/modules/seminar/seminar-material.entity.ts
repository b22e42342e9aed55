import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ApiKey } from '../api-key/api-key.entity';
import { BaseEntity } from '../../db/base.entity';
import { StoredBlob } from '../upload/stored-blob.entity';
import { User } from '../user/user.entity';
import { Seminar } from './seminar.entity';

export enum SeminarMaterialKind {
  SLIDES = 'SLIDES',
  PAPER = 'PAPER',
  RECORDING = 'RECORDING',
}
registerEnumType(SeminarMaterialKind, { name: 'SeminarMaterialKind' });

/** A verified file of a seminar (slides, a paper, a recording); the bytes live once in stored_blobs. */
@ObjectType({ description: 'A file of a seminar: slides, a paper or a recording.' })
@Entity({ tableName: 'seminar_materials' })
export class SeminarMaterial extends BaseEntity {
  @ManyToOne(() => Seminar, { ref: true, deleteRule: 'cascade' })
  @Index()
  seminar!: Ref<Seminar>;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => SeminarMaterialKind)
  @Enum({ items: () => SeminarMaterialKind, type: 'text' })
  kind!: SeminarMaterialKind;

  /** Storage cleanup keeps a blob a seminar material references. */
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
