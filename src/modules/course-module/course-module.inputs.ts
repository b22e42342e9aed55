import { IsInt, IsOptional, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class ModuleInput {
  @Field(() => String)
  @Length(2, 200)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  summary?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  estimatedMinutes?: number;

  @Field(() => ID, { nullable: true, description: 'A module of the same course to complete first.' })
  @IsOptional()
  @IsUUID('all', { message: 'prerequisiteModuleId must be a module id' })
  prerequisiteModuleId?: string;
}
