import { Arg, Authorized, Ctx, Extensions, ID, Mutation, Resolver } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { FileInput, UploadTicket } from '../files/upload.inputs';
import { COURSE_AUTHOR_ROLES } from '../../identity';
import { Material } from './material.entity';
import { completeMaterialUpload, requestMaterialUpload } from './material-upload.service';

/** A material's file uploads (named UploadResolver from when it lived in the upload module; the schema lists it by this name). */
@Resolver()
export class UploadResolver {
  @Authorized(...COURSE_AUTHOR_ROLES)
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => UploadTicket, {
    description: 'Checks the file against the material kind and answers presigned URL(s) to PUT its bytes to.',
  })
  requestMaterialUpload(
    @Ctx() ctx: Context,
    @Arg('materialId', () => ID) materialId: string,
    @Arg('file', () => FileInput) file: FileInput,
  ) {
    return requestMaterialUpload(ctx, materialId, file);
  }

  @Authorized(...COURSE_AUTHOR_ROLES)
  @Mutation(() => Material, {
    description: 'Verifies size, SHA-256 and real type of the uploaded bytes and makes them the current version.',
  })
  completeMaterialUpload(
    @Ctx() ctx: Context,
    @Arg('materialId', () => ID) materialId: string,
    @Arg('uploadId', () => ID) uploadId: string,
  ) {
    return completeMaterialUpload(ctx, materialId, uploadId);
  }
}
