import { ArrayMaxSize, IsIn, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection';
import { EnrollmentStatus } from '../enrollment/enrollment.entity';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class CohortInput {
  @Field(() => String, { description: 'For example "Angkatan I Tahun 2026".' })
  @Length(2, 200)
  name!: string;

  @Field(() => String, { description: 'First day, YYYY-MM-DD in timeZone.' })
  @Matches(DAY, { message: 'startsOn must be a date as YYYY-MM-DD' })
  startsOn!: string;

  @Field(() => String, { description: 'Last day, YYYY-MM-DD in timeZone; not before startsOn.' })
  @Matches(DAY, { message: 'endsOn must be a date as YYYY-MM-DD' })
  endsOn!: string;

  @Field(() => String, { nullable: true, defaultValue: 'Asia/Jakarta', description: 'IANA time zone, e.g. Asia/Jakarta.' })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string;

  @Field(() => Int, { nullable: true, description: 'Seats; null for no limit.' })
  @IsOptional()
  @Min(1)
  @Max(100_000)
  capacity?: number | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Whether learners may enrol themselves.' })
  @IsOptional()
  enrollmentOpen?: boolean;

  @Field(() => [ID], { nullable: true, description: 'Active users with the INSTRUCTOR role.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'instructorIds must be user ids' })
  instructorIds?: string[];
}

@ArgsType()
export class CohortEnrollmentsArgs extends ConnectionArgs {
  @Field(() => EnrollmentStatus, { nullable: true, description: 'Only enrollments in this status; all when omitted.' })
  @IsOptional()
  @IsIn(Object.values(EnrollmentStatus))
  status?: EnrollmentStatus;
}
