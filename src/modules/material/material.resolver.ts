import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { CourseModule } from '../course-module/course-module.entity';
import { COURSE_AUTHOR_ROLES } from '../../identity';
import { Material } from './material.entity';
import { MaterialInput } from './material.inputs';
import { isFileKind } from './material.rules';
import * as materials from './material.service';

export enum MaterialStatus {
  READY = 'READY',
  AWAITING_UPLOAD = 'AWAITING_UPLOAD',
}
registerEnumType(MaterialStatus, { name: 'MaterialStatus' });

const AUTHORS = COURSE_AUTHOR_ROLES;

@Resolver(() => Material)
export class MaterialResolver {
  @Query(() => Material, { nullable: true })
  material(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return materials.findMaterial(ctx, id);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Material, { description: 'Appends a material to a module of a DRAFT course.' })
  addMaterial(@Ctx() ctx: Context, @Arg('moduleId', () => ID) moduleId: string, @Arg('input', () => MaterialInput) input: MaterialInput) {
    return materials.addMaterial(ctx, moduleId, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Material)
  updateMaterial(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('input', () => MaterialInput) input: MaterialInput) {
    return materials.updateMaterial(ctx, id, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Material, { description: 'Moves the material to a 1-based position in its module.' })
  moveMaterial(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('position', () => Int) position: number) {
    return materials.moveMaterial(ctx, id, position);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Boolean)
  removeMaterial(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return materials.removeMaterial(ctx, id);
  }

  @FieldResolver(() => CourseModule)
  module(@Root() material: Material, @Ctx() ctx: Context) {
    return ctx.loaders.moduleById.load(material.module.id);
  }

  @FieldResolver(() => MaterialStatus, { description: 'File kinds are READY once a file version is complete.' })
  status(@Root() material: Material): MaterialStatus {
    return isFileKind(material.kind) && !material.currentVersion ? MaterialStatus.AWAITING_UPLOAD : MaterialStatus.READY;
  }
}
