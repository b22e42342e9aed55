import { Entity, Enum, Index, ManyToOne, OneToOne, type Opt, PrimaryKeyProp, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Material } from '../material/material.entity';
import { User } from '../user/user.entity';

export enum QuizPurpose {
  PRACTICE = 'PRACTICE',
  PRE_TEST = 'PRE_TEST',
  POST_TEST = 'POST_TEST',
}
registerEnumType(QuizPurpose, { name: 'QuizPurpose' });

export enum ScorePolicy {
  BEST = 'BEST',
  LAST = 'LAST',
}
registerEnumType(ScorePolicy, { name: 'ScorePolicy' });

export enum QuestionKind {
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  TRUE_FALSE = 'TRUE_FALSE',
  SHORT_ANSWER = 'SHORT_ANSWER',
}
registerEnumType(QuestionKind, { name: 'QuestionKind' });

export enum AttemptStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  SUBMITTED = 'SUBMITTED',
}
registerEnumType(AttemptStatus, { name: 'AttemptStatus' });

/** The settings of a QUIZ material: one row per quiz material. */
@ObjectType()
@Entity({ tableName: 'quizzes' })
export class Quiz {
  [PrimaryKeyProp]?: 'material';

  @OneToOne(() => Material, { primary: true, ref: true, owner: true, deleteRule: 'cascade' })
  material!: Ref<Material>;

  @Field(() => QuizPurpose)
  @Enum({ items: () => QuizPurpose, type: 'text', default: QuizPurpose.PRACTICE })
  purpose: QuizPurpose & Opt = QuizPurpose.PRACTICE;

  @Field(() => Float, { description: 'Percent needed to pass.' })
  @Property({ type: 'double', default: 70 })
  passMark: number & Opt = 70;

  @Field(() => Int, { nullable: true, description: 'Null: unlimited attempts.' })
  @Property({ type: 'integer', nullable: true })
  maxAttempts?: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  timeLimitSeconds?: number;

  @Field(() => ScorePolicy)
  @Enum({ items: () => ScorePolicy, type: 'text', default: ScorePolicy.BEST })
  scorePolicy: ScorePolicy & Opt = ScorePolicy.BEST;
}

/** A question; the correct answer stays on the server until the learner has submitted. */
@ObjectType()
@Entity({ tableName: 'quiz_questions' })
@Index({ properties: ['quiz', 'position'] })
export class QuizQuestion extends BaseEntity {
  @ManyToOne(() => Quiz, { ref: true, deleteRule: 'cascade' })
  quiz!: Ref<Quiz>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => QuestionKind)
  @Enum({ items: () => QuestionKind, type: 'text' })
  kind!: QuestionKind;

  @Field(() => String)
  @Property({ type: 'text' })
  prompt!: string;

  /** Choices as [{ id, text }]; empty for SHORT_ANSWER. */
  @Property({ type: 'jsonb', default: '[]' })
  options: { id: string; text: string }[] & Opt = [];

  /** Choice ids that are correct, or accepted short answers (compared normalised). Never sent to learners. */
  @Property({ type: 'jsonb', hidden: true })
  correct!: string[];

  @Field(() => Float)
  @Property({ type: 'double', default: 1 })
  points: number & Opt = 1;
}

@ObjectType()
@Entity({ tableName: 'quiz_attempts' })
@Unique({ properties: ['user', 'quiz', 'number'] })
export class QuizAttempt extends BaseEntity {
  @ManyToOne(() => Quiz, { ref: true, deleteRule: 'cascade' })
  @Index()
  quiz!: Ref<Quiz>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  number!: number;

  @Field(() => AttemptStatus)
  @Enum({ items: () => AttemptStatus, type: 'text', default: AttemptStatus.IN_PROGRESS })
  status: AttemptStatus & Opt = AttemptStatus.IN_PROGRESS;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  startedAt: Date & Opt = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  deadlineAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  submittedAt?: Date;

  /** Question ids of this attempt, in the order shown. */
  @Property({ type: 'jsonb' })
  questionIds!: string[];

  /** { questionId: answer ids or text } as submitted. */
  @Property({ type: 'jsonb', nullable: true })
  answers?: Record<string, string[]>;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  score?: number;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  maxScore?: number;

  @Field(() => Float, { nullable: true, description: 'Score in percent.' })
  @Property({ type: 'double', nullable: true })
  percent?: number;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  passed?: boolean;
}
