import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Submission } from '../submission/submission.entity';
import { User } from '../user/user.entity';

export enum ReviewDecision {
  ACCEPTED = 'ACCEPTED',
  NEEDS_REVISION = 'NEEDS_REVISION',
}
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });

/** The level a reviewer chose for one rubric criterion, with its points copied in. */
export interface RubricScoreData {
  criterionId: string;
  levelId: string;
  points: number;
}

/**
 * A reviewer's feedback on one attempt. With a decision it grades the attempt (once); without
 * one it is feedback only and the attempt stays in the queue.
 */
@ObjectType()
@Entity({ tableName: 'reviews' })
@Index({ properties: ['reviewer', 'createdAt'] })
export class Review extends BaseEntity {
  @ManyToOne(() => Submission, { ref: true, deleteRule: 'cascade' })
  @Index()
  submission!: Ref<Submission>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  reviewer!: Ref<User>;

  @Field(() => ReviewDecision, { nullable: true, description: 'Null for feedback without grading.' })
  @Enum({ items: () => ReviewDecision, type: 'text', nullable: true })
  decision?: ReviewDecision;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  score?: number;

  @Property({ type: 'jsonb', default: '[]' })
  rubricScores: RubricScoreData[] & Opt = [];

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  @Property({ type: 'text', nullable: true })
  comment?: string;
}
