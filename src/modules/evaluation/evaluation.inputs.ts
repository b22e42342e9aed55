import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Cohort } from '../cohort/cohort.entity';
import { Course } from '../course/course.entity';
import { User } from '../user/user.entity';

// Scores, question sets and lengths are checked by evaluation.rules.ts, which names each field
// the way the learner's form knows it (input.courseAnswers[2].score).

@InputType()
export class LikertAnswerInput {
  @Field(() => String, { description: 'A code from evaluationQuestions, e.g. P1 or W3.' })
  questionCode!: string;

  @Field(() => Int, { description: '1 (Sangat kurang) to 5 (Sangat baik).' })
  score!: number;
}

@InputType()
export class InstructorAnswersInput {
  @Field(() => ID, { description: 'An instructor of the learner’s cohort.' })
  instructorId!: string;

  @Field(() => [LikertAnswerInput], { description: 'Every instructor question exactly once.' })
  answers!: LikertAnswerInput[];
}

@InputType({ description: 'A whole evaluation, submitted once per enrollment after completing the course.' })
export class EvaluationInput {
  @Field(() => [LikertAnswerInput], { description: 'Every course question exactly once.' })
  courseAnswers!: LikertAnswerInput[];

  @Field(() => [InstructorAnswersInput], { nullable: true, description: 'For each instructor of the cohort the learner evaluates (optional).' })
  instructorAnswers?: InstructorAnswersInput[] | null;

  @Field(() => String, { nullable: true, description: 'At most 2000 characters; shown to admins without the learner’s name.' })
  comment?: string | null;
}

@ObjectType()
export class EvaluationQuestion {
  @Field(() => String, { description: 'Stable code; answers refer to it.' })
  code!: string;

  @Field(() => String)
  text!: string;
}

@ObjectType()
export class LikertLevel {
  @Field(() => Int)
  score!: number;

  @Field(() => String)
  label!: string;
}

@ObjectType({ description: 'The fixed questionnaire: evaluasi penyelenggaraan and evaluasi widyaiswara.' })
export class EvaluationQuestions {
  @Field(() => [EvaluationQuestion], { description: 'About the course and its organisation (penyelenggaraan).' })
  courseQuestions!: EvaluationQuestion[];

  @Field(() => [EvaluationQuestion], { description: 'Asked about each instructor (widyaiswara).' })
  instructorQuestions!: EvaluationQuestion[];

  @Field(() => [LikertLevel], { description: 'Lowest first.' })
  scale!: LikertLevel[];
}

@ObjectType()
export class QuestionAggregate {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  text!: string;

  @Field(() => Int, { description: 'Answers to this question.' })
  responses!: number;

  @Field(() => Float, { description: 'Mean score, 2 decimals.' })
  mean!: number;

  @Field(() => [Int], { description: 'How many answered 1, 2, 3, 4 and 5.' })
  distribution!: number[];
}

@ObjectType({
  description:
    'Aggregated answers of a group of evaluations; withheld when the group has fewer than 5, or when it is part of a course (a cohort) and the rest of the course would then be 1 to 4 evaluations.',
})
export class EvaluationAggregate {
  @Field(() => Boolean, { description: 'Fewer than 5 evaluations, or a cohort whose course holds 1 to 4 evaluations outside it: nothing of the group is shown.' })
  withheld!: boolean;

  @Field(() => Int, { nullable: true, description: 'Evaluations in the group; null when withheld.' })
  responses!: number | null;

  @Field(() => [QuestionAggregate], { nullable: true, description: 'In questionnaire order; null when withheld.' })
  questions!: QuestionAggregate[] | null;
}

@ObjectType()
export class CourseTeachingEvaluation {
  @Field(() => Course)
  course!: Course;

  @Field(() => EvaluationAggregate, { description: 'The caller’s own widyaiswara scores in this course.' })
  myTeaching!: EvaluationAggregate;

  @Field(() => EvaluationAggregate, { description: 'The course’s penyelenggaraan scores (all cohorts).' })
  courseQuestions!: EvaluationAggregate;
}

@ObjectType({ description: 'What an instructor may see of evaluations: aggregates only, no names, no comments.' })
export class InstructorEvaluationSummary {
  @Field(() => EvaluationAggregate, { description: 'Own widyaiswara scores over the courses whose own group is shown.' })
  myTeaching!: EvaluationAggregate;

  @Field(() => [CourseTeachingEvaluation], { description: 'Courses the caller teaches or authors that have evaluations, by title.' })
  courses!: CourseTeachingEvaluation[];
}

@ObjectType()
export class InstructorEvaluationAggregate {
  @Field(() => User)
  instructor!: User;

  @Field(() => EvaluationAggregate)
  aggregate!: EvaluationAggregate;
}

@ObjectType({ description: 'A course’s evaluations (optionally of one cohort): aggregates, and for admins per instructor and comments.' })
export class CourseEvaluationReport {
  @Field(() => Course)
  course!: Course;

  @Field(() => Cohort, { nullable: true })
  cohort!: Cohort | null;

  @Field(() => EvaluationAggregate, { description: 'Penyelenggaraan questions.' })
  courseQuestions!: EvaluationAggregate;

  @Field(() => [InstructorEvaluationAggregate], { nullable: true, description: 'Admins only: each evaluated instructor, by name.' })
  instructors!: InstructorEvaluationAggregate[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Admins only, and only when courseQuestions is shown (not withheld): comments without their authors, in a fixed shuffled order (at most 500).',
  })
  comments!: string[] | null;
}
