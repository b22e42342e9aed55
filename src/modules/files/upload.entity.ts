import { Check, Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { ApiKey } from '../api-key/api-key.entity';
import { BaseEntity } from '../common/base.entity';
import type { Assignment } from '../assignment/assignment.entity';
import type { Course } from '../course/course.entity';
import type { Material } from '../material/material.entity';
import type { Seminar } from '../seminar/seminar.entity';
import type { Submission } from '../submission/submission.entity';
import { User } from '../user/user.entity';

export enum UploadStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/** A file on its way into storage: the object key is ours, never the client's filename. */
@Entity({ tableName: 'uploads' })
@Check({ name: 'uploads_one_requester', expression: '(requested_by_id IS NULL) <> (requested_by_api_key_id IS NULL)' })
@Check({ name: 'uploads_one_target', expression: 'num_nonnulls(material_id, course_id, assignment_material_id, submission_id, seminar_id) = 1' })
@Index({ properties: ['status', 'expiresAt'] })
export class Upload extends BaseEntity {
  /** What the file is for (exactly one): a new version of a material, a course's cover, a learner's work, a reviewer's feedback file or a seminar's material. */
  @ManyToOne({ entity: 'Material', ref: true, nullable: true, deleteRule: 'cascade' })
  @Index()
  material?: Ref<Material>;

  @ManyToOne({ entity: 'Course', ref: true, nullable: true, deleteRule: 'cascade' })
  @Index()
  course?: Ref<Course>;

  /** A learner's work file for this ASSIGNMENT material. */
  @ManyToOne({ entity: 'Assignment', ref: true, nullable: true, deleteRule: 'cascade' })
  @Index()
  assignment?: Ref<Assignment>;

  /** A reviewer's feedback file on this submission. */
  @ManyToOne({ entity: 'Submission', ref: true, nullable: true, deleteRule: 'cascade' })
  @Index()
  submission?: Ref<Submission>;

  /** A seminar's material (slides, paper, recording). */
  @ManyToOne({ entity: 'Seminar', ref: true, nullable: true, deleteRule: 'cascade' })
  @Index()
  seminar?: Ref<Seminar>;

  /** Who may complete it: the person, or the partner system's API key, that asked for it. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'cascade' })
  requestedBy?: Ref<User>;

  @ManyToOne(() => ApiKey, { ref: true, nullable: true, deleteRule: 'cascade' })
  requestedByApiKey?: Ref<ApiKey>;

  @Property({ type: 'text', unique: true })
  objectKey!: string;

  @Property({ type: 'text' })
  filename!: string;

  @Property({ type: 'text' })
  contentType!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  size!: number;

  @Property({ type: 'text' })
  sha256!: string;

  /** S3 multipart upload id, for files sent in parts. */
  @Property({ type: 'text', nullable: true })
  multipartUploadId?: string;

  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  partSize?: number;

  @Enum({ items: () => UploadStatus, type: 'text', default: UploadStatus.PENDING })
  status: UploadStatus & Opt = UploadStatus.PENDING;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'text', nullable: true })
  failureReason?: string;
}
