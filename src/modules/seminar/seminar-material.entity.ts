import { Embedded, Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ApiKey } from '../api-key/api-key.entity';
import { BaseEntity } from '../../db/base.entity';
import { StoredFile } from '../files/stored-file.embeddable';
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

  /** The file's bytes and how they were uploaded: columns blob_id, filename, content_type, size and sha256. */
  @Embedded(() => StoredFile, { prefix: false })
  file!: StoredFile;

  // The API shows the file's fields flat, as before it was embedded; `Opt` keeps these getters out of em.create's data.
  @Field(() => String)
  get filename(): string & Opt {
    return this.file.filename;
  }

  @Field(() => String)
  get contentType(): string & Opt {
    return this.file.contentType;
  }

  @Field(() => Float, { description: 'Bytes.' })
  get size(): number & Opt {
    return this.file.size;
  }

  @Field(() => String)
  get sha256(): string & Opt {
    return this.file.sha256;
  }

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  uploadedBy?: Ref<User>;

  /** Set instead of uploadedBy when a partner system uploaded the file with its API key. */
  @ManyToOne(() => ApiKey, { ref: true, nullable: true, deleteRule: 'set null' })
  uploadedByApiKey?: Ref<ApiKey>;
}
