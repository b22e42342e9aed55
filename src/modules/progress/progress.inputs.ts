import { IsOptional } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorCode } from '../../errors';
import { ProgressEventKind } from './progress-event.entity';

registerEnumType(ErrorCode, { name: 'ErrorCode' });

export enum ProgressEventOutcome {
  APPLIED = 'APPLIED',
  DUPLICATE = 'DUPLICATE',
  REFUSED = 'REFUSED',
}
registerEnumType(ProgressEventOutcome, {
  name: 'ProgressEventOutcome',
  description: 'APPLIED: stored now; DUPLICATE: stored before with the same content; REFUSED: see code.',
});

@InputType({ description: 'Something a device saw happen; replaying the same id is harmless.' })
export class ProgressEventInput {
  @Field(() => ID, { description: 'A UUID the device generates once per event.' })
  id!: string;

  @Field(() => ID)
  materialId!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => ProgressEventKind)
  kind!: ProgressEventKind;

  @Field(() => Float, { nullable: true, description: 'POSITION only: seconds from the start.' })
  @IsOptional()
  position?: number;

  @Field(() => Float, { nullable: true, description: 'POSITION only: the full length in seconds.' })
  @IsOptional()
  duration?: number;
}

@ObjectType()
export class ProgressEventResult {
  @Field(() => ID)
  id!: string;

  @Field(() => ProgressEventOutcome)
  outcome!: ProgressEventOutcome;

  @Field(() => ErrorCode, {
    nullable: true,
    description:
      'Why a REFUSED event was refused. MODULE_LOCKED (prerequisite not complete) and COURSE_UNAVAILABLE (the course is back in revision) are retryable: keep the event and send it again later; the other codes are final.',
  })
  code?: ErrorCode;

  @Field(() => String, { nullable: true })
  message?: string;
}

@ObjectType()
export class RecordProgressResult {
  @Field(() => [ProgressEventResult], { description: 'One per event, in input order.' })
  results!: ProgressEventResult[];

  @Field(() => Int)
  applied!: number;

  @Field(() => Int)
  duplicates!: number;

  @Field(() => Int)
  refused!: number;
}

@ObjectType({ description: "The signed-in learner's progress in a module." })
export class ModuleProgress {
  @Field(() => Int, { description: 'Completed required materials, percent (rounded down; 100 when none is required).' })
  percent!: number;

  @Field(() => Int)
  completedRequired!: number;

  @Field(() => Int)
  totalRequired!: number;

  @Field(() => Boolean, { description: 'The prerequisite module is not complete yet.' })
  locked!: boolean;
}

@ObjectType({ description: "The signed-in learner's progress in a course." })
export class CourseProgress {
  @Field(() => Int, { description: 'Completed required materials, percent (rounded down).' })
  percent!: number;

  @Field(() => Int)
  completedRequired!: number;

  @Field(() => Int)
  totalRequired!: number;

  /** Resolved through the material loader by the resolver. */
  resumeMaterialId!: string | null;
}
