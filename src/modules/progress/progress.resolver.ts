import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { CourseModule } from '../course-module/course-module.entity';
import { Course } from '../course/course.entity';
import { Material } from '../material/material.entity';
import { MaterialProgress } from './material-progress.entity';
import { CourseProgress, ModuleProgress, ProgressEventInput, RecordProgressResult } from './progress.inputs';
import { recordProgress } from './progress.service';
import { myCourseProgress, myMaterialProgress, myModuleProgress, resumeMaterialOf } from './progress-view.service';

@Resolver()
export class ProgressResolver {
  @Authorized()
  @Mutation(() => RecordProgressResult, {
    description: 'Stores up to 500 events from a device, each once; every event gets its own outcome, in input order.',
  })
  // No class-validator pass over up to 500 events: ProgressEventInput carries no constraint
  // (its rules are eventProblem's, per event), and the pass was a measurable share of a batch's CPU.
  recordProgress(@Ctx() ctx: Context, @Arg('events', () => [ProgressEventInput], { validate: false }) events: ProgressEventInput[]) {
    return recordProgress(ctx, events);
  }
}

@Resolver(() => Material)
export class MaterialProgressResolver {
  @FieldResolver(() => MaterialProgress, { nullable: true, description: "The signed-in learner's progress; null before any event." })
  myProgress(@Root() material: Material, @Ctx() ctx: Context) {
    return myMaterialProgress(ctx, material);
  }
}

@Resolver(() => CourseModule)
export class ModuleProgressResolver {
  @FieldResolver(() => ModuleProgress, { nullable: true, description: 'Null unless a person is signed in.' })
  myProgress(@Root() module: CourseModule, @Ctx() ctx: Context) {
    return myModuleProgress(ctx, module);
  }
}

@Resolver(() => Course)
export class CourseProgressResolver {
  @FieldResolver(() => CourseProgress, { nullable: true, description: 'Null unless a person is signed in.' })
  myProgress(@Root() course: Course, @Ctx() ctx: Context) {
    return myCourseProgress(ctx, course);
  }
}

@Resolver(() => CourseProgress)
export class CourseProgressFieldsResolver {
  @FieldResolver(() => Material, { nullable: true, description: 'The first required material not completed yet, in course order.' })
  resumeMaterial(@Root() progress: CourseProgress, @Ctx() ctx: Context) {
    return resumeMaterialOf(ctx, progress);
  }
}

export const progressResolvers = [
  ProgressResolver,
  MaterialProgressResolver,
  ModuleProgressResolver,
  CourseProgressResolver,
  CourseProgressFieldsResolver,
] as const;
