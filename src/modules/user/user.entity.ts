import { Check, Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';

@ObjectType({ description: 'A person: an ASN learner, an instructor, partner staff or an administrator.' })
@Entity({ tableName: 'users' })
@Check({ name: 'users_nip_format', expression: "nip ~ '^[0-9]{18}$'" })
export class User extends BaseEntity {
  /** Stored lower-cased, so uniqueness ignores case. */
  @Field(() => String)
  @Property({ type: 'text', unique: true })
  email!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Nomor Induk Pegawai (18 digits); ASN only.' })
  @Property({ type: 'text', nullable: true, unique: true })
  nip?: string;

  @Field(() => String, { nullable: true, description: 'Jabatan (position) in the organization.' })
  @Property({ type: 'text', nullable: true })
  position?: string;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  @Index()
  organization!: Ref<Organization>;

  @Field(() => [Role])
  @Enum({ items: () => Role, array: true, type: 'text[]' })
  roles: Role[] = [Role.LEARNER];

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastLoginAt?: Date;
}
