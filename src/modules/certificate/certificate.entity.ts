import { Entity, Enum, Index, ManyToOne, OneToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import { Course } from '../course/course.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { User } from '../user/user.entity';

export enum CertificatePdfStatus {
  PENDING = 'PENDING',
  READY = 'READY',
}
registerEnumType(CertificatePdfStatus, { name: 'CertificatePdfStatus' });

/**
 * Issued once per completed enrollment. Holder and course details are copied in: a certificate
 * says what was true when it was issued, whatever changes later.
 */
@ObjectType()
@Entity({ tableName: 'certificates' })
export class Certificate extends BaseEntity {
  @OneToOne(() => Enrollment, { ref: true, owner: true, unique: true, deleteRule: 'restrict' })
  enrollment!: Ref<Enrollment>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'restrict' })
  @Index()
  user!: Ref<User>;

  @ManyToOne(() => Course, { ref: true, deleteRule: 'restrict' })
  course!: Ref<Course>;

  @Field(() => String, { description: 'For example PELITA/2026/000123.' })
  @Property({ type: 'text', unique: true })
  number!: string;

  @Field(() => String, { description: 'What verifyCertificate takes; printed with a QR code.' })
  @Property({ type: 'text', unique: true })
  verificationCode!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  holderName!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  holderNip?: string;

  @Field(() => String)
  @Property({ type: 'text' })
  courseTitle!: string;

  @Field(() => Float)
  @Property({ type: 'decimal', precision: 5, scale: 1, runtimeType: 'number' })
  jp!: number;

  @Field(() => String, { description: 'Date of issue (YYYY-MM-DD, Asia/Jakarta).' })
  @Property({ type: 'date' })
  issuedOn!: string;

  @Field(() => CertificatePdfStatus)
  @Enum({ items: () => CertificatePdfStatus, type: 'text', default: CertificatePdfStatus.PENDING })
  pdfStatus: CertificatePdfStatus & Opt = CertificatePdfStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  pdfObjectKey?: string;
}
