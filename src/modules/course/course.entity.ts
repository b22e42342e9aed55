import { Check, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import type { StoredBlob } from '../files/stored-blob.entity';
import { Organization } from '../organization/organization.entity';
import { User } from '../user/user.entity';

export enum CompetencyType {
  TEKNIS = 'TEKNIS',
  MANAJERIAL = 'MANAJERIAL',
  SOSIAL_KULTURAL = 'SOSIAL_KULTURAL',
}
registerEnumType(CompetencyType, { name: 'CompetencyType', description: 'ASN competency groups (PP 11/2017).' });

export enum DeliveryMode {
  ONLINE = 'ONLINE',
  BLENDED = 'BLENDED',
  CLASSROOM = 'CLASSROOM',
}
registerEnumType(DeliveryMode, { name: 'DeliveryMode' });

export enum CourseStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(CourseStatus, { name: 'CourseStatus' });

/**
 * The document the catalogue search matches (weighted: title, then code and tags, then summary
 * and description), through an IMMUTABLE SQL function the catalogue migration defines, so the
 * same expression serves the GIN index and the queries.
 */
export const courseSearchDocument = (alias?: string) => {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `pelita_course_search_document(${['title', 'code', 'tags', 'summary', 'description'].map(column).join(', ')})`;
};

@ObjectType({ description: 'A course (pelatihan) in the catalogue.' })
@Entity({ tableName: 'courses' })
@Index({
  name: 'courses_search_index',
  expression: `create index "courses_search_index" on "courses" using gin ((${courseSearchDocument()}))`,
})
@Check({
  name: 'courses_cover_complete',
  expression: '(cover_blob_id IS NULL) = (cover_filename IS NULL) AND (cover_blob_id IS NULL) = (cover_content_type IS NULL)',
})
export class Course extends BaseEntity {
  @Field(() => String, { description: 'Stable, unique code such as PP-PRIMA-01.' })
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text', default: '' })
  summary: string & Opt = '';

  @Field(() => String, { description: 'Markdown.' })
  @Property({ type: 'text', default: '' })
  description: string & Opt = '';

  @Field(() => CompetencyType)
  @Enum({ items: () => CompetencyType, type: 'text' })
  competency!: CompetencyType;

  @Field(() => Float, { description: 'JP (jam pelajaran) credited on completion.' })
  @Property({ type: 'decimal', precision: 5, scale: 1, runtimeType: 'number' })
  jp!: number;

  @Field(() => DeliveryMode)
  @Enum({ items: () => DeliveryMode, type: 'text' })
  deliveryMode!: DeliveryMode;

  @Field(() => String, { description: 'BCP 47 language tag; id by default.' })
  @Property({ type: 'text', default: 'id' })
  language: string & Opt = 'id';

  @Field(() => [String])
  @Property({ type: 'text[]', default: '{}' })
  tags: string[] & Opt = [];

  @Field(() => Boolean, { description: 'Blended courses: completing also needs a check-in at every classroom session of the learner’s cohort.' })
  @Property({ type: 'boolean', default: false })
  requiresClassroomAttendance: boolean & Opt = false;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  @Index()
  organization!: Ref<Organization>;

  @ManyToMany({ entity: () => User, pivotTable: 'course_instructors', joinColumn: 'course_id', inverseJoinColumn: 'user_id' })
  instructors = new Collection<User>(this);

  @Field(() => CourseStatus)
  @Enum({ items: () => CourseStatus, type: 'text', default: CourseStatus.DRAFT })
  @Index()
  status: CourseStatus & Opt = CourseStatus.DRAFT;

  @Field(() => String, { nullable: true, description: 'Why an admin sent the course back to draft.' })
  @Property({ type: 'text', nullable: true })
  reviewNote?: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date;

  /**
   * The cover's bytes, shared with any identical file (stored once by SHA-256); storage cleanup
   * keeps a blob a cover references. Served as Course.coverImageUrl, never exposed directly.
   */
  @ManyToOne({ entity: 'StoredBlob', ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  coverBlob?: Ref<StoredBlob>;

  /** As uploaded (sanitised): a blob may serve several files under different names. */
  @Property({ type: 'text', nullable: true })
  coverFilename?: string;

  @Property({ type: 'text', nullable: true })
  coverContentType?: string;
}
