import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LatePolicy } from './assignment.entity';
import { MAX_CRITERIA, MAX_INSTRUCTIONS_LENGTH, MAX_LEVELS } from './assignment.rules';

// The class-validator bounds only stop oversized requests early; assignment.rules.ts checks
// every value with its `input.*` field path.

@InputType()
export class RubricLevelInput {
  @Field(() => String, { description: 'For example "Sangat baik".' })
  @MaxLength(2_000)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2_000)
  description?: string | null;

  @Field(() => Float, { description: '0 or more.' })
  points!: number;
}

@InputType()
export class RubricCriterionInput {
  @Field(() => String)
  @MaxLength(2_000)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2_000)
  description?: string | null;

  @Field(() => [RubricLevelInput], { description: `1 to ${MAX_LEVELS} levels.` })
  @ArrayMaxSize(MAX_LEVELS * 2)
  levels!: RubricLevelInput[];
}

@InputType({ description: 'All settings of an ASSIGNMENT material: setAssignment replaces them at once.' })
export class AssignmentInput {
  @Field(() => String, { description: 'What to do, in Markdown.' })
  @MaxLength(MAX_INSTRUCTIONS_LENGTH + 1_000)
  instructions!: string;

  @Field(() => Date, { nullable: true, description: 'Needed for REFUSE_LATE and ACCEPT_UNTIL_CLOSE.' })
  @IsOptional()
  dueAt?: Date | null;

  @Field(() => LatePolicy, { nullable: true, defaultValue: LatePolicy.ACCEPT_LATE })
  @IsOptional()
  latePolicy?: LatePolicy | null;

  @Field(() => Date, { nullable: true, description: 'The hard deadline, after dueAt; ACCEPT_UNTIL_CLOSE only.' })
  @IsOptional()
  closesAt?: Date | null;

  @Field(() => Float, { description: 'With a rubric: the sum of every criterion’s best level.' })
  maxScore!: number;

  @Field(() => [RubricCriterionInput], { nullable: true, defaultValue: [], description: `Up to ${MAX_CRITERIA} criteria; empty for scoring without a rubric.` })
  @IsOptional()
  @ArrayMaxSize(MAX_CRITERIA * 2)
  rubric?: RubricCriterionInput[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Whether a submission may carry text.' })
  @IsOptional()
  allowText?: boolean | null;

  @Field(() => [String], { nullable: true, defaultValue: [], description: 'File types learners may hand in; empty: text only.' })
  @IsOptional()
  @ArrayMaxSize(50)
  allowedContentTypes?: string[] | null;

  @Field(() => Int, { nullable: true, description: '1 byte to 100 MiB; 20 MiB when left out.' })
  @IsOptional()
  maxFileBytes?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 10; 5 when left out.' })
  @IsOptional()
  maxFiles?: number | null;
}

@ObjectType()
export class RubricLevel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Float)
  points!: number;
}

@ObjectType()
export class RubricCriterion {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Float, { description: 'Points of the best level.' })
  maxPoints!: number;

  @Field(() => [RubricLevel])
  levels!: RubricLevel[];
}
