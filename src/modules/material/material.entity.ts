import { Embedded, Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { CourseModule } from '../course-module/course-module.entity';
import { ApiKey } from '../api-key/api-key.entity';
import { User } from '../user/user.entity';
import { StoredFile } from '../files/stored-file.embeddable';

export enum MaterialKind {
  VIDEO = 'VIDEO',
  DOCUMENT = 'DOCUMENT',
  SLIDES = 'SLIDES',
  AUDIO = 'AUDIO',
  IMAGE = 'IMAGE',
  TEXT = 'TEXT',
  LINK = 'LINK',
  QUIZ = 'QUIZ',
  ASSIGNMENT = 'ASSIGNMENT',
}
registerEnumType(MaterialKind, {
  name: 'MaterialKind',
  description: 'VIDEO to IMAGE are files; TEXT is Markdown; LINK a web address; QUIZ gets its questions from setQuiz, ASSIGNMENT its settings from setAssignment.',
});

/*
 * A material and its versions point at each other (a version belongs to its material; the
 * material names its current version), so they share this file: apart, the two files imported
 * each other.
 */
@ObjectType({ description: 'One uploaded file of a material; replacing the file adds a version.' })
@Entity({ tableName: 'material_versions' })
@Unique({ properties: ['material', 'version'] })
export class MaterialVersion extends BaseEntity {
  @ManyToOne(() => Material, { ref: true, deleteRule: 'cascade' })
  @Index()
  material!: Ref<Material>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  version!: number;

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

@ObjectType({ description: 'One item to learn from, in a module.' })
@Entity({ tableName: 'materials' })
@Index({ properties: ['module', 'position'] })
export class Material extends BaseEntity {
  @ManyToOne(() => CourseModule, { ref: true, deleteRule: 'cascade' })
  module!: Ref<CourseModule>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => MaterialKind)
  @Enum({ items: () => MaterialKind, type: 'text' })
  kind!: MaterialKind;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  required: boolean & Opt = true;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  estimatedMinutes?: number;

  @Field(() => String, { nullable: true, description: 'Markdown body of a TEXT material.' })
  @Property({ type: 'text', nullable: true })
  body?: string;

  @Field(() => String, { nullable: true, description: 'Address of a LINK material (http or https).' })
  @Property({ type: 'text', nullable: true })
  url?: string;

  /** The version learners get; older versions stay until cleanup. */
  @ManyToOne(() => MaterialVersion, { ref: true, nullable: true, deleteRule: 'set null' })
  currentVersion?: Ref<MaterialVersion>;
}
