import { IsUUID } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection';

@ArgsType()
export class ApiKeysArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId!: string;
}
