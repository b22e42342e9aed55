import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Cohort } from '../cohort/cohort.entity';
import { Course } from '../course/course.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { Enrollment } from './enrollment.entity';
import { EnrollLearnersArgs, EnrollLearnersResult } from './enrollment.inputs';
import * as enrollments from './enrollment.service';

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @Authorized()
  @Mutation(() => Enrollment, {
    description: 'Enrols the caller in a PUBLISHED course (and an open cohort of it); again while enrolled answers the same enrollment.',
  })
  enroll(
    @Ctx() ctx: Context,
    @Arg('courseId', () => ID) courseId: string,
    @Arg('cohortId', () => ID, { nullable: true }) cohortId?: string,
  ) {
    return enrollments.enroll(ctx, courseId, cohortId);
  }

  @Authorized(Role.ADMIN, Role.INSTRUCTOR, Role.PARTNER)
  @Mutation(() => EnrollLearnersResult, { description: 'Admins and course authors enrol learners by NIP into a cohort.' })
  enrollLearners(@Ctx() ctx: Context, @Args(() => EnrollLearnersArgs) args: EnrollLearnersArgs) {
    return enrollments.enrollLearners(ctx, args.cohortId, args.nips);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => EnrollLearnersResult, { description: 'Enrols every active LEARNER of an agency and its sub-agencies into a cohort.' })
  enrollAgency(
    @Ctx() ctx: Context,
    @Arg('cohortId', () => ID) cohortId: string,
    @Arg('organizationId', () => ID) organizationId: string,
  ) {
    return enrollments.enrollAgency(ctx, cohortId, organizationId);
  }

  @Authorized()
  @Mutation(() => Enrollment, { description: 'The learner or an admin; withdrawing twice answers the same enrollment.' })
  withdraw(@Ctx() ctx: Context, @Arg('enrollmentId', () => ID) enrollmentId: string) {
    return enrollments.withdraw(ctx, enrollmentId);
  }

  @FieldResolver(() => Course)
  course(@Root() enrollment: Enrollment, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(enrollment.course.id);
  }

  @FieldResolver(() => Cohort, { nullable: true })
  cohort(@Root() enrollment: Enrollment, @Ctx() ctx: Context) {
    return enrollment.cohort ? ctx.loaders.cohortById.load(enrollment.cohort.id) : null;
  }

  @FieldResolver(() => User)
  user(@Root() enrollment: Enrollment, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(enrollment.user.id);
  }
}

/** Course fields that come from enrolment. */
@Resolver(() => Course)
export class CourseEnrollmentResolver {
  @FieldResolver(() => Enrollment, { nullable: true, description: 'The caller’s enrollment in this course, in any status; null when none.' })
  myEnrollment(@Root() course: Course, @Ctx() ctx: Context) {
    return enrollments.myEnrollment(ctx, course);
  }
}
