import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection } from '../../graphql/connection';
import { Course } from '../course/course.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { Cohort } from './cohort.entity';
import { CohortEnrollmentsArgs, CohortInput } from './cohort.inputs';
import * as cohorts from './cohort.service';

const EnrollmentConnection = Connection('Enrollment', Enrollment);
const AUTHORS = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];

@Resolver(() => Cohort)
export class CohortResolver {
  @Query(() => Cohort, { nullable: true, description: 'For the course’s authors, the cohort’s instructors and admins; null for others.' })
  cohort(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return cohorts.findCohort(ctx, id);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Cohort, { description: 'Schedules a run of a PUBLISHED course.' })
  createCohort(@Ctx() ctx: Context, @Arg('courseId', () => ID) courseId: string, @Arg('input', () => CohortInput) input: CohortInput) {
    return cohorts.createCohort(ctx, courseId, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Cohort, { description: 'Replaces the cohort’s schedule; instructors stay unless instructorIds is given.' })
  updateCohort(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('input', () => CohortInput) input: CohortInput) {
    return cohorts.updateCohort(ctx, id, input);
  }

  @FieldResolver(() => Course)
  course(@Root() cohort: Cohort, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(cohort.course.id);
  }

  @FieldResolver(() => [User])
  instructors(@Root() cohort: Cohort, @Ctx() ctx: Context) {
    return ctx.loaders.instructorsByCohort.load(cohort.id);
  }

  @FieldResolver(() => EnrollmentConnection, { nullable: true, description: 'The cohort’s learners, oldest enrolment first (course staff only).' })
  enrollments(@Root() cohort: Cohort, @Ctx() ctx: Context, @Args(() => CohortEnrollmentsArgs) args: CohortEnrollmentsArgs) {
    return cohorts.listCohortEnrollments(ctx, cohort, args);
  }

  @FieldResolver(() => Int, { description: 'Learners holding a seat (ACTIVE enrollments).' })
  enrolledCount(@Root() cohort: Cohort, @Ctx() ctx: Context) {
    return ctx.loaders.activeCountByCohort.load(cohort.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Free seats; null when the cohort has no capacity limit.' })
  seatsLeft(@Root() cohort: Cohort, @Ctx() ctx: Context) {
    return cohorts.seatsLeft(ctx, cohort);
  }
}

/** Course.cohorts: owned here, since cohorts are this module's table and course sits below it. */
@Resolver(() => Course)
export class CourseCohortsResolver {
  @Authorized(...AUTHORS)
  @FieldResolver(() => [Cohort], {
    nullable: true,
    description:
      'The course’s cohorts (angkatan), the latest first. Course staff only: its authors and admins see every cohort; its instructors and a cohort’s own instructors see the cohorts they may open.',
  })
  cohorts(@Root() course: Course, @Ctx() ctx: Context) {
    return cohorts.listCourseCohorts(ctx, course);
  }
}
