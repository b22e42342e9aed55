import { Check, Entity, Enum, Index, ManyToOne, OneToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Course } from '../course/course.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { SeminarRegistration } from '../seminar/seminar-registration.entity';
import { Seminar } from '../seminar/seminar.entity';
import { User } from '../user/user.entity';

export enum CertificatePdfStatus {
  PENDING = 'PENDING',
  READY = 'READY',
}
registerEnumType(CertificatePdfStatus, { name: 'CertificatePdfStatus' });

export enum CertificateKind {
  COURSE_COMPLETION = 'COURSE_COMPLETION',
  SEMINAR_ATTENDANCE = 'SEMINAR_ATTENDANCE',
}
registerEnumType(CertificateKind, {
  name: 'CertificateKind',
  description: 'COURSE_COMPLETION: a completed course (enrollment). SEMINAR_ATTENDANCE: every session of a seminar attended (sertifikat kehadiran).',
});

/**
 * Issued once per completed enrollment, or once per seminar registration whose sessions were
 * all attended. Holder and course (or seminar) details are copied in: a certificate says what
 * was true when it was issued, whatever changes later.
 */
@ObjectType()
@Entity({ tableName: 'certificates' })
@Check({
  name: 'certificates_one_source',
  expression:
    '(enrollment_id IS NOT NULL AND course_id IS NOT NULL AND seminar_registration_id IS NULL AND seminar_id IS NULL) OR ' +
    '(enrollment_id IS NULL AND course_id IS NULL AND seminar_registration_id IS NOT NULL AND seminar_id IS NOT NULL)',
})
export class Certificate extends BaseEntity {
  @OneToOne(() => Enrollment, { ref: true, owner: true, unique: true, nullable: true, deleteRule: 'restrict' })
  enrollment?: Ref<Enrollment> | null;

  @OneToOne(() => SeminarRegistration, { ref: true, owner: true, unique: true, nullable: true, deleteRule: 'restrict' })
  seminarRegistration?: Ref<SeminarRegistration> | null;

  @ManyToOne(() => User, { ref: true, deleteRule: 'restrict' })
  @Index()
  user!: Ref<User>;

  @ManyToOne(() => Course, { ref: true, nullable: true, deleteRule: 'restrict' })
  course?: Ref<Course> | null;

  @ManyToOne(() => Seminar, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  seminar?: Ref<Seminar> | null;

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

  @Field(() => String, { description: 'Title of the course, or of the seminar for a certificate of attendance.' })
  @Property({ type: 'text' })
  courseTitle!: string;

  @Field(() => String, { nullable: true, description: 'The organizing institution, for a certificate of attendance.' })
  @Property({ type: 'text', nullable: true })
  organizerName?: string | null;

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

export const certificateKind = (certificate: { seminarRegistration?: unknown }) =>
  certificate.seminarRegistration ? CertificateKind.SEMINAR_ATTENDANCE : CertificateKind.COURSE_COMPLETION;
