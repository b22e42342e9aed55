import { ArrayMaxSize, ArrayMinSize, IsUUID, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../user/user.entity';
import { Enrollment } from './enrollment.entity';

export const MAX_NIPS_PER_CALL = 1000;

@ArgsType()
export class EnrollLearnersArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'cohortId must be a cohort id' })
  cohortId!: string;

  @Field(() => [String], { description: `NIPs of the learners, at most ${MAX_NIPS_PER_CALL}; repeats are reported once.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_NIPS_PER_CALL)
  @MaxLength(64, { each: true })
  nips!: string[];
}

export enum EnrollOutcome {
  ENROLLED = 'ENROLLED',
  ALREADY_ENROLLED = 'ALREADY_ENROLLED',
  UNKNOWN_NIP = 'UNKNOWN_NIP',
  INVALID_NIP = 'INVALID_NIP',
  COHORT_FULL = 'COHORT_FULL',
}
registerEnumType(EnrollOutcome, {
  name: 'EnrollOutcome',
  description: 'ALREADY_ENROLLED: an ACTIVE or COMPLETED enrollment in the course exists (it is left where it is).',
});

@ObjectType({ description: 'What happened to one learner of a bulk enrolment.' })
export class EnrollLearnersEntry {
  @Field(() => String, { nullable: true, description: 'As given (trimmed); null for an agency member without a NIP.' })
  nip!: string | null;

  @Field(() => EnrollOutcome)
  outcome!: EnrollOutcome;

  @Field(() => User, { nullable: true, description: 'The learner, when the NIP is known.' })
  user?: User;

  @Field(() => Enrollment, { nullable: true, description: 'The new, reactivated or existing enrollment.' })
  enrollment?: Enrollment;
}

@ObjectType()
export class EnrollLearnersResult {
  @Field(() => [EnrollLearnersEntry], { description: 'One entry per distinct NIP (or agency member), in the order given.' })
  entries!: EnrollLearnersEntry[];

  @Field(() => Int)
  enrolled!: number;

  @Field(() => Int)
  alreadyEnrolled!: number;

  @Field(() => Int)
  unknownNip!: number;

  @Field(() => Int)
  invalidNip!: number;

  @Field(() => Int)
  cohortFull!: number;
}
