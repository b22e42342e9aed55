import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';

export enum OrganizationKind {
  AGENCY = 'AGENCY',
  UNIVERSITY = 'UNIVERSITY',
  NGO = 'NGO',
  TRAINING_CENTER = 'TRAINING_CENTER',
}
registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'AGENCY: a government agency (perangkat daerah) whose ASN learn; the others publish training.',
});

@ObjectType({ description: 'An agency, university, NGO or training centre.' })
@Entity({ tableName: 'organizations' })
export class Organization extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => OrganizationKind)
  @Enum({ items: () => OrganizationKind, type: 'text' })
  @Index()
  kind!: OrganizationKind;

  /** Only agencies nest (a UPT under its dinas); resolved through the organization loader. */
  @ManyToOne(() => Organization, { nullable: true, ref: true, deleteRule: 'restrict' })
  @Index()
  parent?: Ref<Organization>;
}
