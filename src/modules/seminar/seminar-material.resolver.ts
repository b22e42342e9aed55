import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { FileInput, UploadTicket } from '../files/upload.inputs';
import { Role } from '../../identity';
import { SeminarMaterial, SeminarMaterialKind } from './seminar-material.entity';
import * as materials from './seminar-material.service';
import { Seminar } from './seminar.entity';

const ORGANIZERS = [Role.PARTNER, Role.ADMIN];

@Resolver(() => SeminarMaterial)
export class SeminarMaterialResolver {
  @Authorized(...ORGANIZERS)
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => UploadTicket, {
    description: 'Checks the declared file (SLIDES: PDF, PPTX, ODP; PAPER: PDF, DOCX, ODT; RECORDING: video or audio) and answers where to PUT it.',
  })
  requestSeminarMaterialUpload(
    @Ctx() ctx: Context,
    @Arg('seminarId', () => ID) seminarId: string,
    @Arg('kind', () => SeminarMaterialKind) kind: SeminarMaterialKind,
    @Arg('file', () => FileInput) file: FileInput,
  ) {
    return materials.requestSeminarMaterialUpload(ctx, seminarId, kind, file);
  }

  @Authorized(...ORGANIZERS)
  @Mutation(() => SeminarMaterial, { description: 'Verifies size, SHA-256 and real type of the uploaded bytes and adds them to the seminar’s materials.' })
  completeSeminarMaterialUpload(
    @Ctx() ctx: Context,
    @Arg('seminarId', () => ID) seminarId: string,
    @Arg('uploadId', () => ID) uploadId: string,
    @Arg('kind', () => SeminarMaterialKind) kind: SeminarMaterialKind,
    @Arg('title', () => String, { nullable: true, description: 'Shown to learners; the file name by default.' }) title?: string,
  ) {
    return materials.completeSeminarMaterialUpload(ctx, seminarId, uploadId, kind, title);
  }

  @Authorized(...ORGANIZERS)
  @Mutation(() => Boolean)
  removeSeminarMaterial(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return materials.removeSeminarMaterial(ctx, id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Presigned GET, valid 10 minutes, with the file name: for the organizer, admins and registrants; null for others.',
  })
  downloadUrl(@Root() material: SeminarMaterial, @Ctx() ctx: Context) {
    return materials.materialDownloadUrl(ctx, material);
  }
}

@Resolver(() => Seminar)
export class SeminarMaterialsResolver {
  @FieldResolver(() => [SeminarMaterial], { description: 'Slides, papers and recordings, oldest first.' })
  materials(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return ctx.loaders.materialsBySeminar.load(seminar.id);
  }
}
