import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'One attempt: text and/or files, as the assignment allows.' })
export class SubmissionInput {
  @Field(() => String, { nullable: true, description: 'Markdown; when the assignment allows text.' })
  @IsOptional()
  text?: string | null;

  @Field(() => [ID], { nullable: true, defaultValue: [], description: 'Verified files from completeSubmissionUpload (or of an earlier attempt), at most maxFiles.' })
  @IsOptional()
  @ArrayMaxSize(50)
  fileIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'A UUID the client makes per hand-in: a retry with the same id answers the same attempt.' })
  @IsOptional()
  clientSubmissionId?: string | null;
}
