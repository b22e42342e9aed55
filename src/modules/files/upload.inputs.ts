import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

/** Checked by the upload rules (checkDeclaredFile), so every problem names its `file.*` field. */
@InputType({ description: 'A file the client is about to upload, as it declares it.' })
export class FileInput {
  @Field(() => String, { description: 'Original name; only offered back as the download name.' })
  filename!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Float, { description: 'Bytes (Float: files may exceed 2^31 bytes).' })
  size!: number;

  @Field(() => String, { description: 'SHA-256 of the bytes, 64 hex digits.' })
  sha256!: string;
}

@ObjectType()
export class HttpHeader {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'One part of a multipart upload: PUT bytes [(partNumber-1)*partSize, partNumber*partSize).' })
export class UploadPartTicket {
  @Field(() => Int)
  partNumber!: number;

  @Field(() => String)
  url!: string;
}

@ObjectType({
  description:
    'Where to send a file. Small files: one PUT of the whole body to `url`. Large files: `parts`, ' +
    'one PUT per part; asking again for the same file answers only the parts still missing. ' +
    'Then call the matching complete mutation (completeMaterialUpload, completeCourseCoverUpload, completeSubmissionUpload, completeReviewFileUpload).',
})
export class UploadTicket {
  @Field(() => ID)
  uploadId!: string;

  @Field(() => String, { nullable: true, description: 'The single PUT URL; null for a multipart upload.' })
  url!: string | null;

  @Field(() => String)
  method!: string;

  @Field(() => [HttpHeader], { description: 'Headers to send with every PUT.' })
  headers!: HttpHeader[];

  @Field(() => Date, { description: 'The URLs stop working then (at most 15 minutes from now).' })
  expiresAt!: Date;

  @Field(() => Boolean)
  multipart!: boolean;

  @Field(() => Float, { nullable: true, description: 'Bytes per part (the last part may be shorter).' })
  partSize!: number | null;

  @Field(() => Int, { nullable: true })
  partCount!: number | null;

  @Field(() => [UploadPartTicket], { description: 'Parts still to send; empty for a single PUT.' })
  parts!: UploadPartTicket[];
}
