import { IsOptional, IsUUID, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection';
import { OrganizationKind } from './organization.entity';

@InputType()
export class CreateOrganizationInput {
  @Field(() => String)
  @Length(2, 200)
  name!: string;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => ID, { nullable: true, description: 'The agency this one belongs to (agencies only).' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be an organization id' })
  parentId?: string;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 200)
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Set to move the agency under another; null detaches it.' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be an organization id' })
  parentId?: string | null;
}

@ArgsType()
export class OrganizationsArgs extends ConnectionArgs {
  @Field(() => OrganizationKind, { nullable: true })
  kind?: OrganizationKind;
}
