import { ArrayMaxSize, IsIn, IsOptional, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection';
import { CompetencyType, CourseStatus, DeliveryMode } from './course.entity';
import { COURSE_CODE_PATTERN, COURSE_TITLE_LENGTH, MAX_COURSE_TAGS, MAX_DESCRIPTION_LENGTH, MAX_TAG_LENGTH } from './course.rules';

const LANGUAGES = ['id', 'en'];

@InputType()
export class CreateCourseInput {
  @Field(() => String, { description: 'Unique and stable, e.g. PP-PRIMA-01 (letters, digits, dashes).' })
  @Matches(COURSE_CODE_PATTERN, { message: 'code must be 2-40 letters, digits or dashes' })
  code!: string;

  @Field(() => String)
  @Length(COURSE_TITLE_LENGTH.min, COURSE_TITLE_LENGTH.max)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  summary?: string;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  @IsOptional()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @Field(() => CompetencyType)
  competency!: CompetencyType;

  @Field(() => Float)
  @Min(0.5)
  @Max(500)
  jp!: number;

  @Field(() => DeliveryMode)
  deliveryMode!: DeliveryMode;

  @Field(() => String, { nullable: true, defaultValue: 'id' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_COURSE_TAGS)
  @Length(1, MAX_TAG_LENGTH, { each: true })
  tags?: string[];

  @Field(() => ID, { nullable: true, description: "Owner; defaults to the caller's organization (admins must give it)." })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @Field(() => [ID], { nullable: true, description: 'Instructors; defaults to the caller when an instructor.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'instructorIds must be user ids' })
  instructorIds?: string[];
}

@InputType()
export class UpdateCourseInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(COURSE_TITLE_LENGTH.min, COURSE_TITLE_LENGTH.max)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  summary?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @Field(() => CompetencyType, { nullable: true })
  @IsOptional()
  competency?: CompetencyType;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0.5)
  @Max(500)
  jp?: number;

  @Field(() => DeliveryMode, { nullable: true })
  @IsOptional()
  deliveryMode?: DeliveryMode;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_COURSE_TAGS)
  @Length(1, MAX_TAG_LENGTH, { each: true })
  tags?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'instructorIds must be user ids' })
  instructorIds?: string[];

  @Field(() => Boolean, { nullable: true, description: 'Whether completing needs a check-in at every classroom session of the learner’s cohort.' })
  @IsOptional()
  requiresClassroomAttendance?: boolean;
}

@InputType()
export class CourseFilter {
  @Field(() => String, { nullable: true, description: 'Full-text search in Indonesian (stems: "pelayanan" finds "melayani").' })
  @IsOptional()
  @MaxLength(200)
  search?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  code?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  tag?: string;

  @Field(() => CompetencyType, { nullable: true })
  @IsOptional()
  competency?: CompetencyType;

  @Field(() => DeliveryMode, { nullable: true })
  @IsOptional()
  deliveryMode?: DeliveryMode;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @Field(() => CourseStatus, { nullable: true, description: 'Learners only ever see PUBLISHED courses.' })
  @IsOptional()
  status?: CourseStatus;
}

@ArgsType()
export class CoursesArgs extends ConnectionArgs {
  @Field(() => CourseFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CourseFilter;
}
