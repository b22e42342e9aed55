import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Course } from '../course/course.entity';
import { Enrollment, EnrollmentStatus } from '../enrollment/enrollment.entity';
import { JpLedgerEntry } from '../jp-ledger/jp-ledger-entry.entity';
import { Material } from '../material/material.entity';
import { User } from '../user/user.entity';

@ObjectType({ description: 'One of the learner’s courses on the dashboard.' })
export class LearningEnrollment {
  @Field(() => Enrollment)
  enrollment!: Enrollment;

  @Field(() => Course)
  course!: Course;

  @Field(() => EnrollmentStatus)
  status!: EnrollmentStatus;

  @Field(() => Int, { description: 'Completed required materials, percent (rounded down).' })
  percent!: number;

  @Field(() => Material, { nullable: true, description: 'Where to pick up: the first required material not completed; null when done.' })
  nextMaterial!: Material | null;
}

@ObjectType({ description: 'The signed-in learner’s courses and JP this year against the yearly target.' })
export class LearningDashboard {
  @Field(() => Int, { description: 'Calendar year in Asia/Jakarta that the JP figures count.' })
  year!: number;

  @Field(() => [LearningEnrollment], { description: 'Active and completed enrollments, most recent first.' })
  enrollments!: LearningEnrollment[];

  @Field(() => Float)
  jpThisYear!: number;

  @Field(() => Float, { description: 'JP_TARGET_PER_YEAR (20 unless configured).' })
  jpTarget!: number;

  @Field(() => [JpLedgerEntry])
  jpEntries!: JpLedgerEntry[];
}

@ObjectType({ description: 'A learner of a cohort as course staff see them.' })
export class CohortLearner {
  @Field(() => User)
  user!: User;

  @Field(() => Enrollment)
  enrollment!: Enrollment;

  @Field(() => Int)
  percent!: number;

  @Field(() => Date, { nullable: true, description: 'Latest progress event in this course; null when none yet.' })
  lastActivityAt!: Date | null;

  @Field(() => Boolean, { description: 'Not completed and no activity for stuckAfterDays (counted from enrolment when none yet).' })
  stuck!: boolean;

  @Field(() => Boolean)
  completed!: boolean;
}
