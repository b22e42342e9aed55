import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Course } from '../course/course.entity';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { agencyCourses, agencyJpReport, agencyLearners, agencyLearningGain, agencyTopCourses } from './agency-report.service';
import {
  AgencyJpReport,
  AgencySummaryRow,
  CourseLearningGainRow,
  CourseReportRow,
  LearnerJp,
  LearnerJpConnection,
  LearnersArgs,
  TopCourse,
  TopCoursesArgs,
  TrainingReport,
} from './report.types';
import { JpExportResolver } from './jp-export.resolver';
import { trainingReport } from './training-report.service';

const YEAR_ARG = { nullable: true, description: 'Calendar year (Asia/Jakarta); this year when left out.' } as const;

@Resolver(() => AgencyJpReport)
export class AgencyJpReportResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_HEAD)
  @Query(() => AgencyJpReport, {
    description: 'JP of an agency and its sub-agencies in a year. Admins: any agency; agency heads: their own and those under it (else FORBIDDEN).',
  })
  agencyJpReport(@Ctx() ctx: Context, @Arg('organizationId', () => ID) organizationId: string, @Arg('year', () => Int, YEAR_ARG) year?: number) {
    return agencyJpReport(ctx, organizationId, year);
  }

  @FieldResolver(() => Organization)
  organization(@Root() report: AgencyJpReport, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(report.organizationId);
  }

  @FieldResolver(() => [Organization], { description: 'The agency and its sub-agencies, the agency first.' })
  organizations(@Root() report: AgencyJpReport, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.loadMany(report.organizationIds);
  }

  @FieldResolver(() => LearnerJpConnection, { description: 'The ASN by JP ascending, then name: those furthest from the target first.' })
  learners(@Root() report: AgencyJpReport, @Ctx() ctx: Context, @Args(() => LearnersArgs) args: LearnersArgs) {
    return agencyLearners(ctx, report, args);
  }

  @FieldResolver(() => [TopCourse], { description: 'Courses completed most in the year (completions credited in the ledger), then by JP.' })
  topCourses(@Root() report: AgencyJpReport, @Ctx() ctx: Context, @Args(() => TopCoursesArgs) args: TopCoursesArgs) {
    return agencyTopCourses(ctx, report, args.limit);
  }

  @FieldResolver(() => [CourseReportRow], { description: 'Every course the agency’s ASN enrolled in during the year.' })
  courses(@Root() report: AgencyJpReport, @Ctx() ctx: Context) {
    return agencyCourses(ctx, report);
  }

  @FieldResolver(() => [CourseLearningGainRow], { description: 'Per course, the agency’s learners with both tests.' })
  learningGain(@Root() report: AgencyJpReport, @Ctx() ctx: Context) {
    return agencyLearningGain(ctx, report);
  }
}

@Resolver(() => TrainingReport)
export class TrainingReportResolver {
  @Authorized(Role.ADMIN)
  @Query(() => TrainingReport, { description: 'Admins: every course and agency in a year.' })
  trainingReport(@Ctx() ctx: Context, @Arg('year', () => Int, YEAR_ARG) year?: number) {
    return trainingReport(ctx, year);
  }
}

@Resolver(() => AgencySummaryRow)
export class AgencySummaryRowResolver {
  @FieldResolver(() => Organization)
  organization(@Root() row: AgencySummaryRow, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(row.organizationId);
  }
}

@Resolver(() => LearnerJp)
export class LearnerJpResolver {
  @FieldResolver(() => User)
  user(@Root() row: LearnerJp, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(row.userId);
  }
}

@Resolver(() => TopCourse)
export class TopCourseResolver {
  @FieldResolver(() => Course)
  course(@Root() row: TopCourse, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(row.courseId);
  }
}

@Resolver(() => CourseReportRow)
export class CourseReportRowResolver {
  @FieldResolver(() => Course)
  course(@Root() row: CourseReportRow, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(row.courseId);
  }
}

@Resolver(() => CourseLearningGainRow)
export class CourseLearningGainRowResolver {
  @FieldResolver(() => Course)
  course(@Root() row: CourseLearningGainRow, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(row.courseId);
  }
}

export const reportResolvers = [
  AgencyJpReportResolver,
  TrainingReportResolver,
  AgencySummaryRowResolver,
  LearnerJpResolver,
  TopCourseResolver,
  CourseReportRowResolver,
  CourseLearningGainRowResolver,
  JpExportResolver,
] as const;
