import { Check, Embedded, Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Assignment } from '../assignment/assignment.entity';
import { BaseEntity } from '../../db/base.entity';
import { Review } from '../review/review.entity';
import { StoredFile } from '../files/stored-file.embeddable';
import { User } from '../user/user.entity';
import { Submission } from './submission.entity';

export enum SubmissionFilePurpose {
  /** The learner's work. */
  WORK = 'WORK',
  /** A reviewer's feedback file (an annotated copy, say). */
  FEEDBACK = 'FEEDBACK',
}
registerEnumType(SubmissionFilePurpose, { name: 'SubmissionFilePurpose' });

/**
 * A verified file of an assignment: uploaded through the presigned flow, then attached to a
 * submission (work) or a review (feedback). Bytes live in a shared content-addressed blob.
 * Its own file because it points at a review, which points at its submission: beside Submission
 * it made submission.entity and review.entity import each other.
 */
@ObjectType()
@Entity({ tableName: 'submission_files' })
@Check({ name: 'submission_files_feedback_has_submission', expression: "purpose = 'WORK' OR submission_id IS NOT NULL" })
@Index({ properties: ['assignment', 'owner'] })
export class SubmissionFile extends BaseEntity {
  @ManyToOne(() => Assignment, { ref: true, deleteRule: 'cascade' })
  assignment!: Ref<Assignment>;

  /** The learner whose work this file belongs to or is feedback on. */
  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  owner!: Ref<User>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  uploadedBy!: Ref<User>;

  @Field(() => SubmissionFilePurpose)
  @Enum({ items: () => SubmissionFilePurpose, type: 'text' })
  purpose!: SubmissionFilePurpose;

  /** Null until a work file is handed in; a feedback file knows its submission from the start. */
  @ManyToOne(() => Submission, { ref: true, nullable: true, deleteRule: 'cascade' })
  @Index()
  submission?: Ref<Submission>;

  /** The review a feedback file was given with; null until the review is saved. */
  @ManyToOne(() => Review, { ref: true, nullable: true, deleteRule: 'set null' })
  @Index()
  review?: Ref<Review>;

  @Property({ type: 'integer', default: 0 })
  position: number & Opt = 0;

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

  @Field(() => Int)
  get size(): number & Opt {
    return this.file.size;
  }

  @Field(() => String)
  get sha256(): string & Opt {
    return this.file.sha256;
  }
}
