import { Entity, Enum, OneToOne, type Opt, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Material } from '../material/material.entity';

export enum LatePolicy {
  /** Late work is taken at any time and flagged late. */
  ACCEPT_LATE = 'ACCEPT_LATE',
  /** Late work is taken, flagged late, until `closesAt` (the hard deadline). */
  ACCEPT_UNTIL_CLOSE = 'ACCEPT_UNTIL_CLOSE',
  /** Nothing is taken after `dueAt`. */
  REFUSE_LATE = 'REFUSE_LATE',
}
registerEnumType(LatePolicy, { name: 'LatePolicy' });

/** One level of a rubric criterion, e.g. "Baik" worth 3 points. */
export interface RubricLevelData {
  id: string;
  title: string;
  description?: string | null;
  points: number;
}

export interface RubricCriterionData {
  id: string;
  title: string;
  description?: string | null;
  levels: RubricLevelData[];
}

/** The settings of an ASSIGNMENT material: one row per assignment material, like a quiz. */
@ObjectType()
@Entity({ tableName: 'assignments' })
export class Assignment {
  [PrimaryKeyProp]?: 'material';

  @OneToOne(() => Material, { primary: true, ref: true, owner: true, deleteRule: 'cascade' })
  material!: Ref<Material>;

  @Field(() => String, { description: 'What to do, in Markdown.' })
  @Property({ type: 'text' })
  instructions!: string;

  @Field(() => Date, { nullable: true, description: 'When the work is due; null for no due date.' })
  @Property({ type: 'datetime', nullable: true })
  dueAt?: Date;

  @Field(() => LatePolicy)
  @Enum({ items: () => LatePolicy, type: 'text', default: LatePolicy.ACCEPT_LATE })
  latePolicy: LatePolicy & Opt = LatePolicy.ACCEPT_LATE;

  @Field(() => Date, { nullable: true, description: 'The hard deadline of ACCEPT_UNTIL_CLOSE.' })
  @Property({ type: 'datetime', nullable: true })
  closesAt?: Date;

  @Field(() => Float)
  @Property({ type: 'double' })
  maxScore!: number;

  /** Criteria with their levels, in order; empty for an assignment scored without a rubric. */
  @Property({ type: 'jsonb', default: '[]' })
  rubric: RubricCriterionData[] & Opt = [];

  /** Whether a submission may (or, without allowed file types, must) carry text. */
  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  allowText: boolean & Opt = true;

  @Field(() => [String], { description: 'Content types a submitted file may have; empty: text only.' })
  @Property({ type: 'jsonb', default: '[]' })
  allowedContentTypes: string[] & Opt = [];

  @Field(() => Int, { description: 'Largest file a learner may submit, in bytes.' })
  @Property({ type: 'bigint', runtimeType: 'number', default: 20 * 1024 * 1024 })
  maxFileBytes: number & Opt = 20 * 1024 * 1024;

  @Field(() => Int, { description: 'Most files in one submission.' })
  @Property({ type: 'integer', default: 5 })
  maxFiles: number & Opt = 5;
}
