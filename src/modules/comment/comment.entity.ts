import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Submission } from '../submission/submission.entity';
import { User } from '../user/user.entity';

/** A message in the thread of a submission, by its learner or the course's staff. */
@ObjectType('Comment')
@Entity({ tableName: 'submission_comments' })
@Index({ properties: ['submission', 'createdAt'] })
export class SubmissionComment extends BaseEntity {
  @ManyToOne(() => Submission, { ref: true, deleteRule: 'cascade' })
  submission!: Ref<Submission>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  author!: Ref<User>;

  @Field(() => String, { description: 'Markdown.' })
  @Property({ type: 'text' })
  body!: string;

  @Field(() => Date, { nullable: true, description: 'When the author last edited it.' })
  @Property({ type: 'datetime', nullable: true })
  editedAt?: Date;
}
