import { ArrayMinSize, ArrayUnique, IsEmail, IsOptional, IsUUID, Length, MaxLength, registerDecorator, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection';
import { MIN_PASSWORD_LENGTH } from './password';
import { nipProblem } from './nip';
import { Role } from '../../identity';

function IsNip(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNip',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => value === null || value === undefined || (typeof value === 'string' && !nipProblem(value)),
        defaultMessage: (args) => (typeof args?.value === 'string' ? nipProblem(args.value) : undefined) ?? 'NIP must be 18 digits',
      },
    });
}

@InputType()
export class CreateUserInput {
  @Field(() => String, { nullable: true, description: 'NIP of an ASN (18 digits); leave out for non-ASN users.' })
  @IsOptional()
  @IsNip()
  nip?: string;

  @Field(() => String)
  @Length(2, 200)
  name!: string;

  @Field(() => String)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  position?: string;

  @Field(() => [Role], { nullable: true, description: 'Defaults to [LEARNER].' })
  @IsOptional()
  @ArrayMinSize(1, { message: 'roles must hold at least one role' })
  @ArrayUnique()
  roles?: Role[];

  @Field(() => String, { description: `Initial password, at least ${MIN_PASSWORD_LENGTH} characters.` })
  @Length(MIN_PASSWORD_LENGTH, 200)
  password!: string;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNip()
  nip?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 200)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid email address' })
  email?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  position?: string;

  @Field(() => [Role], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'roles must hold at least one role' })
  @ArrayUnique()
  roles?: Role[];

  @Field(() => Boolean, { nullable: true, description: 'false deactivates the account and ends its sessions.' })
  @IsOptional()
  active?: boolean;
}

@InputType()
export class UserFilter {
  @Field(() => String, { nullable: true, description: 'Matches name, email or NIP.' })
  @IsOptional()
  @MaxLength(100)
  search?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  role?: Role;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  active?: boolean;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => UserFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: UserFilter;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String)
  @Length(1, 200)
  currentPassword!: string;

  @Field(() => String)
  @Length(MIN_PASSWORD_LENGTH, 200)
  newPassword!: string;
}

@InputType({ description: 'A password an administrator sets for an account whose owner forgot theirs.' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'At least 10 characters; tell the owner to choose their own under their account.' })
  @Length(MIN_PASSWORD_LENGTH, 200)
  newPassword!: string;
}
