import { ArgsType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionArgs, Connection } from '../../graphql/connection';
import { Submission } from '../submission/submission.entity';

export const SubmissionConnection = Connection('Submission', Submission);

@ArgsType()
export class ReviewQueueArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only work of this course.' })
  courseId?: string;
}

@ArgsType()
export class TurnaroundArgs {
  @Field(() => Date, { nullable: true, description: 'Decisions from this moment; default 90 days before `to`.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Decisions before this moment; default now.' })
  to?: Date;

  @Field(() => ID, { nullable: true })
  courseId?: string;
}

/** Time from a submission to its decision (accepted or revision requested). */
@ObjectType()
export class TurnaroundStats {
  @Field(() => Int, { description: 'Attempts decided in the period.' })
  decided!: number;

  @Field(() => Float, { nullable: true })
  medianHours!: number | null;

  @Field(() => Float, { nullable: true })
  averageHours!: number | null;

  @Field(() => Float, { nullable: true, description: '90 % of decisions came within this many hours.' })
  p90Hours!: number | null;
}

@ObjectType()
export class InstructorTurnaround extends TurnaroundStats {
  instructorId!: string;
}

@ObjectType()
export class CourseTurnaround extends TurnaroundStats {
  courseId!: string;

  @Field(() => Int, { description: 'Attempts waiting for a decision now.' })
  awaiting!: number;

  @Field(() => Float, { nullable: true, description: 'How long the oldest waiting attempt has waited.' })
  oldestWaitingHours!: number | null;
}

@ObjectType()
export class ReviewTurnaroundReport {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => [InstructorTurnaround], { description: 'Admins: every reviewer; instructors: themselves.' })
  byInstructor!: InstructorTurnaround[];

  @Field(() => [CourseTurnaround], { description: 'Admins: every course; instructors: courses they author or teach.' })
  byCourse!: CourseTurnaround[];
}
