import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MaterialKind } from './material.entity';

@InputType()
export class MaterialInput {
  @Field(() => String)
  @Length(2, 200)
  title!: string;

  @Field(() => MaterialKind)
  kind!: MaterialKind;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Counts towards course completion.' })
  @IsOptional()
  required?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  estimatedMinutes?: number;

  @Field(() => String, { nullable: true, description: 'Markdown, for TEXT.' })
  @IsOptional()
  body?: string;

  @Field(() => String, { nullable: true, description: 'http(s) address, for LINK.' })
  @IsOptional()
  url?: string;
}
