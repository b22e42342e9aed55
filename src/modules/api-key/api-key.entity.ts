import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Organization } from '../organization/organization.entity';
import { User } from '../user/user.entity';

@ObjectType({ description: 'A key a partner system uses to call the API for its organization.' })
@Entity({ tableName: 'api_keys' })
export class ApiKey extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade' })
  @Index()
  organization!: Ref<Organization>;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  createdBy?: Ref<User>;

  /** The public part of the key, shown in listings and used to find the key. */
  @Field(() => String, { description: 'The first characters of the key, to tell keys apart.' })
  @Property({ type: 'text', unique: true })
  prefix!: string;

  /** SHA-256 of the whole key (the key has 256 bits of entropy, so a slow hash adds nothing). */
  @Property({ type: 'text', hidden: true })
  secretHash!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
