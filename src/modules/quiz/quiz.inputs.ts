import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { QuestionKind, QuizPurpose, ScorePolicy } from './quiz.entity';

@InputType()
export class QuizOptionInput {
  @Field(() => String)
  text!: string;
}

@InputType()
export class QuizQuestionInput {
  @Field(() => QuestionKind)
  kind!: QuestionKind;

  @Field(() => String)
  prompt!: string;

  @Field(() => [QuizOptionInput], { nullable: true, description: '2–10 for SINGLE_CHOICE and MULTIPLE_CHOICE; none for TRUE_FALSE (Benar, Salah) and SHORT_ANSWER.' })
  options?: QuizOptionInput[] | null;

  @Field(() => [String], {
    description: 'Choice kinds: 0-based indexes of the correct options ("0" is Benar for TRUE_FALSE). SHORT_ANSWER: accepted answers, compared ignoring case and spacing.',
  })
  correct!: string[];

  @Field(() => Float, { defaultValue: 1 })
  points!: number;
}

@InputType({ description: 'The whole quiz: setQuiz replaces settings and questions at once.' })
export class QuizInput {
  @Field(() => QuizPurpose, { defaultValue: QuizPurpose.PRACTICE })
  purpose!: QuizPurpose;

  @Field(() => Float, { defaultValue: 70, description: 'Percent (0–100) needed to pass.' })
  passMark!: number;

  @Field(() => Int, { nullable: true, description: 'At least 1; null for unlimited attempts.' })
  maxAttempts?: number | null;

  @Field(() => Int, { nullable: true, description: 'At least 30; null for no time limit.' })
  timeLimitSeconds?: number | null;

  @Field(() => ScorePolicy, { defaultValue: ScorePolicy.BEST })
  scorePolicy!: ScorePolicy;

  @Field(() => [QuizQuestionInput])
  questions!: QuizQuestionInput[];
}

@InputType()
export class QuizAnswerInput {
  @Field(() => ID)
  questionId!: string;

  @Field(() => [ID], { nullable: true, description: 'Chosen options (choice kinds).' })
  optionIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'SHORT_ANSWER only.' })
  text?: string | null;
}

@ObjectType()
export class QuizOption {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  text!: string;
}

@ObjectType({ description: "The signed-in learner's standing in a quiz." })
export class QuizResult {
  @Field(() => Float, { nullable: true })
  bestPercent!: number | null;

  @Field(() => Float, { nullable: true })
  lastPercent!: number | null;

  @Field(() => Boolean, { description: 'Pre-tests: handed in; other quizzes: the result that counts (scorePolicy) reaches passMark.' })
  passed!: boolean;

  @Field(() => Int, { nullable: true, description: 'Null: no limit. Started attempts count, expired ones too.' })
  attemptsLeft!: number | null;
}

@ObjectType({ description: 'One question of a submitted attempt with its answer key.' })
export class QuizReviewItem {
  @Field(() => ID)
  questionId!: string;

  @Field(() => [ID])
  chosenOptionIds!: string[];

  @Field(() => String, { nullable: true })
  text!: string | null;

  @Field(() => [ID], { description: 'Choice kinds: the correct options.' })
  correctOptionIds!: string[];

  @Field(() => [String], { description: 'SHORT_ANSWER: the accepted answers.' })
  acceptedAnswers!: string[];

  @Field(() => Float)
  pointsAwarded!: number;

  @Field(() => Float)
  points!: number;

  @Field(() => Boolean)
  correct!: boolean;
}

@ObjectType({ description: 'Pre-test against post-test; each is the result that counts per its scorePolicy.' })
export class LearningGain {
  @Field(() => Float, { nullable: true })
  preTestPercent!: number | null;

  @Field(() => Float, { nullable: true })
  postTestPercent!: number | null;

  @Field(() => Float, { nullable: true, description: 'post − pre; null until both are taken.' })
  gain!: number | null;
}

@ObjectType({ description: 'Averages over the learners of a cohort who took both the pre-test and the post-test.' })
export class CohortLearningGain {
  @Field(() => Int)
  learners!: number;

  @Field(() => Float, { nullable: true })
  averagePre!: number | null;

  @Field(() => Float, { nullable: true })
  averagePost!: number | null;

  @Field(() => Float, { nullable: true })
  averageGain!: number | null;
}
