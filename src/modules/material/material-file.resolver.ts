import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Material, MaterialVersion } from './material.entity';
import { currentVersionOf, downloadUrlOf, versionsOf } from './material-file.service';

/** The file side of a material; the catalogue side lives with the material module. */
@Resolver(() => Material)
export class MaterialFileResolver {
  @FieldResolver(() => MaterialVersion, {
    nullable: true,
    description: 'The file learners get; null for materials without a file or for callers who may not download it.',
  })
  currentVersion(@Root() material: Material, @Ctx() ctx: Context) {
    return currentVersionOf(ctx, material);
  }

  @FieldResolver(() => [MaterialVersion], { description: 'All uploaded versions, newest first (course authors only; empty otherwise).' })
  versions(@Root() material: Material, @Ctx() ctx: Context) {
    return versionsOf(ctx, material);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Presigned GET of the current file, valid 10 minutes, with its filename; null without a file or permission.',
  })
  downloadUrl(@Root() material: Material, @Ctx() ctx: Context) {
    return downloadUrlOf(ctx, material);
  }
}
