import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { Connection, ConnectionArgs } from '../../graphql/connection';

@ArgsType()
export class LearnersArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only ASN below the yearly target.' })
  belowTargetOnly: boolean = false;
}

@ArgsType()
export class TopCoursesArgs {
  @Field(() => Int, { nullable: true, defaultValue: 5, description: 'At most 50.' })
  @Min(1)
  @Max(50)
  limit: number = 5;
}

@ObjectType({ description: 'One ASN’s JP in the report’s year against the target.' })
export class LearnerJp {
  userId!: string;

  @Field(() => Float, { description: 'JP credited in the year (the ledger’s credited_on).' })
  jp!: number;

  @Field(() => Boolean)
  meetsTarget!: boolean;

  @Field(() => Float, { description: 'JP still missing to reach the target; 0 once met.' })
  shortfall!: number;
}

export const LearnerJpConnection = Connection('LearnerJp', LearnerJp);

@ObjectType({ description: 'A course the ASN in scope completed in the year, from the JP ledger.' })
export class TopCourse {
  courseId!: string;

  @Field(() => Int, { description: 'Completions credited in the year.' })
  completions!: number;

  @Field(() => Float, { description: 'JP those completions credited.' })
  jp!: number;
}

@ObjectType({
  description:
    'A course’s enrolments by the ASN in scope that STARTED in the year (enrolledAt, Asia/Jakarta), and how they ended. ' +
    'An enrolment started in an earlier year and completed in this one counts in its own year, so a year’s figures do not move as later years go on.',
})
export class CourseReportRow {
  courseId!: string;

  @Field(() => Int, { description: 'Enrolments started in the year, withdrawn ones included.' })
  enrolled!: number;

  @Field(() => Int, { description: 'Of those, completed (at any time since).' })
  completed!: number;

  @Field(() => Int, { description: 'Of those, withdrawn: they count against the completion rate, as dropouts do.' })
  withdrawn!: number;

  @Field(() => Float, { nullable: true, description: 'completed / enrolled, 0–1 (withdrawn enrolments count as not completed); null without enrolments.' })
  completionRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Median of completedAt − enrolledAt in days (one decimal) over the completed ones; null when none completed.',
  })
  medianDaysToComplete!: number | null;
}

@ObjectType({
  description:
    'Pre-test against post-test, per learner as Course.myLearningGain counts it (the result that counts per each test’s scorePolicy), ' +
    'averaged over the learners who took both; enrolments started in the year, withdrawn ones left out.',
})
export class ReportLearningGain {
  @Field(() => Int, { description: 'Learners (learner × course) with both a pre-test and a post-test result.' })
  learners!: number;

  @Field(() => Float, { nullable: true })
  averagePre!: number | null;

  @Field(() => Float, { nullable: true })
  averagePost!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average of each learner’s post − pre (percentage points).' })
  averageGain!: number | null;
}

@ObjectType()
export class CourseLearningGainRow extends ReportLearningGain {
  courseId!: string;
}

/** The figures of an agency with its sub-agencies; shared by the agency report and the training report. */
@ObjectType()
export class AgencyFigures {
  organizationId!: string;

  @Field(() => Int, { description: 'Active users with a NIP in the agency and its sub-agencies.' })
  asnCount!: number;

  @Field(() => Int, { description: 'ASN whose JP in the year reached the target.' })
  meetingTargetCount!: number;

  @Field(() => Float, { nullable: true, description: 'meetingTargetCount / asnCount × 100, two decimals; null without ASN.' })
  meetingTargetPercent!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean JP per ASN, ASN without any JP included as 0; null without ASN.' })
  averageJp!: number | null;

  @Field(() => Float, { description: 'All JP the agency’s ASN were credited in the year (equals the ledger’s sum).' })
  totalJp!: number;
}

@ObjectType({
  description:
    'JP of an agency (with its sub-agencies) in a calendar year: the JP ledger’s credited_on (Asia/Jakarta) decides the year. ' +
    'Users count in the agency they belong to now.',
})
export class AgencyJpReport extends AgencyFigures {
  @Field(() => Int)
  year!: number;

  @Field(() => Float, { description: 'The yearly JP target (JP_TARGET_PER_YEAR).' })
  target!: number;

  organizationIds!: string[];
}

@ObjectType()
export class AgencySummaryRow extends AgencyFigures {
  @Field(() => ReportLearningGain, { description: 'Over all courses the agency’s ASN started in the year.' })
  learningGain!: ReportLearningGain;
}

@ObjectType({ description: 'Admins: every course and every top-level organization (sub-agencies folded into their parent) in a year.' })
export class TrainingReport {
  @Field(() => Int)
  year!: number;

  @Field(() => Float)
  target!: number;

  @Field(() => [CourseReportRow], { description: 'Every course with enrolments of ASN started in the year.' })
  courses!: CourseReportRow[];

  @Field(() => [CourseLearningGainRow])
  learningGain!: CourseLearningGainRow[];

  @Field(() => [AgencySummaryRow], { description: 'Every top-level organization with ASN, largest first.' })
  agencies!: AgencySummaryRow[];
}
