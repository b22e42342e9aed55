import { IsOptional, IsUUID, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CohortSessionInput {
  @Field(() => String, { description: 'For example "Pertemuan 1: Standar Pelayanan".' })
  @Length(2, 200)
  title!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date, { description: 'After startsAt.' })
  endsAt!: Date;

  @Field(() => String, { nullable: true, description: 'IANA time zone; the cohort’s when omitted.' })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string;

  @Field(() => String, { description: 'For example "Aula Kantor Wali Kota Sibolga".' })
  @Length(2, 300)
  venue!: string;

  @Field(() => ID, { description: 'One of the cohort’s instructors.' })
  @IsUUID('all', { message: 'instructorId must be a user id' })
  instructorId!: string;
}
