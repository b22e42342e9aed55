import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Course } from '../course/course.entity';
import { Material } from '../material/material.entity';
import { Role } from '../../identity';
import { CourseModule } from './course-module.entity';
import { ModuleInput } from './course-module.inputs';
import * as modules from './course-module.service';

const AUTHORS = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];

@Resolver(() => CourseModule)
export class CourseModuleResolver {
  @Authorized(...AUTHORS)
  @Mutation(() => CourseModule, { description: 'Appends a module to a DRAFT course.' })
  addModule(@Ctx() ctx: Context, @Arg('courseId', () => ID) courseId: string, @Arg('input', () => ModuleInput) input: ModuleInput) {
    return modules.addModule(ctx, courseId, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => CourseModule)
  updateModule(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('input', () => ModuleInput) input: ModuleInput) {
    return modules.updateModule(ctx, id, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => CourseModule, { description: 'Moves the module to a 1-based position; the others shift.' })
  moveModule(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('position', () => Int) position: number) {
    return modules.moveModule(ctx, id, position);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Boolean)
  removeModule(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return modules.removeModule(ctx, id);
  }

  @FieldResolver(() => Course)
  course(@Root() module: CourseModule, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(module.course.id);
  }

  @FieldResolver(() => CourseModule, { nullable: true })
  prerequisite(@Root() module: CourseModule, @Ctx() ctx: Context) {
    return module.prerequisite ? ctx.loaders.moduleById.load(module.prerequisite.id) : null;
  }

  @FieldResolver(() => [Material], { description: 'In order.' })
  materials(@Root() module: CourseModule, @Ctx() ctx: Context) {
    return ctx.loaders.materialsByModule.load(module.id);
  }
}
