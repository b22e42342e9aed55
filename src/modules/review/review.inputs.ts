import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { MAX_REVIEW_COMMENT_LENGTH } from '../assignment/assignment.rules';
import { ReviewDecision } from './review.entity';

@InputType({ description: 'The level chosen for one criterion of the assignment’s rubric.' })
export class RubricChoiceInput {
  @Field(() => ID)
  criterionId!: string;

  @Field(() => ID)
  levelId!: string;
}

@InputType({
  description:
    'With a decision the attempt is graded (a score, or rubric levels for every criterion); without one it is feedback only and the attempt keeps its status.',
})
export class ReviewInput {
  @Field(() => ReviewDecision, { nullable: true })
  @IsOptional()
  decision?: ReviewDecision | null;

  @Field(() => Float, { nullable: true, description: '0 to the assignment’s maxScore; the sum of the chosen levels when left out.' })
  @IsOptional()
  score?: number | null;

  @Field(() => [RubricChoiceInput], { nullable: true, defaultValue: [] })
  @IsOptional()
  @ArrayMaxSize(100)
  rubric?: RubricChoiceInput[] | null;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  @IsOptional()
  @MaxLength(MAX_REVIEW_COMMENT_LENGTH + 1_000)
  comment?: string | null;

  @Field(() => ID, { nullable: true, description: 'A file from completeReviewFileUpload on this submission, not yet given with another review.' })
  @IsOptional()
  feedbackFileId?: string | null;
}

@ObjectType({ description: 'The level a reviewer chose for one criterion, with the points it gave then.' })
export class RubricScore {
  @Field(() => ID)
  criterionId!: string;

  @Field(() => ID)
  levelId!: string;

  @Field(() => Float)
  points!: number;

  @Field(() => String, { nullable: true, description: 'The criterion’s title; null if the rubric no longer has it.' })
  criterion!: string | null;

  @Field(() => String, { nullable: true, description: 'The level’s title; null if the rubric no longer has it.' })
  level!: string | null;
}
