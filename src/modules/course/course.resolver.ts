import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection } from '../../graphql/connection';
import { CourseModule } from '../course-module/course-module.entity';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { Course } from './course.entity';
import { CoursesArgs, CreateCourseInput, UpdateCourseInput } from './course.inputs';
import * as courses from './course.service';
import { transitionCourse } from './course-workflow.service';

const CourseConnection = Connection('Course', Course);
const AUTHORS = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => CourseConnection, { description: 'Published courses, plus drafts for their authors and admins.' })
  courses(@Ctx() ctx: Context, @Args(() => CoursesArgs) args: CoursesArgs) {
    return courses.listCourses(ctx, args);
  }

  @Query(() => Course, { nullable: true })
  course(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ) {
    return courses.findCourse(ctx, { id, code });
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Course)
  createCourse(@Ctx() ctx: Context, @Arg('input', () => CreateCourseInput) input: CreateCourseInput) {
    return courses.createCourse(ctx, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Course)
  updateCourse(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateCourseInput) input: UpdateCourseInput,
  ) {
    return courses.updateCourse(ctx, id, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Course, { description: 'DRAFT → IN_REVIEW.' })
  submitCourseForReview(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return transitionCourse(ctx, id, 'submit');
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Course, { description: 'IN_REVIEW → PUBLISHED.' })
  publishCourse(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return transitionCourse(ctx, id, 'publish');
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Course, { description: 'IN_REVIEW or PUBLISHED → DRAFT, with the reason authors will read.' })
  returnCourseToDraft(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string) {
    return transitionCourse(ctx, id, 'returnToDraft', reason);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Course, { description: 'DRAFT or PUBLISHED → ARCHIVED.' })
  archiveCourse(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return transitionCourse(ctx, id, 'archive');
  }

  @FieldResolver(() => Organization)
  organization(@Root() course: Course, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(course.organization.id);
  }

  @FieldResolver(() => [User])
  instructors(@Root() course: Course, @Ctx() ctx: Context) {
    return ctx.loaders.instructorsByCourse.load(course.id);
  }

  @FieldResolver(() => [CourseModule], { description: 'In order.' })
  modules(@Root() course: Course, @Ctx() ctx: Context) {
    return ctx.loaders.modulesByCourse.load(course.id);
  }
}
