import { Arg, Ctx, Field, Float, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Course } from '../course/course.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { Seminar } from '../seminar/seminar.entity';
import { Certificate, CertificateKind, certificateKind } from './certificate.entity';
import * as certificates from './certificate.service';

@ObjectType({ description: 'What a certificate shows, for anyone holding its verification code.' })
export class CertificateVerification {
  @Field(() => CertificateKind)
  kind!: CertificateKind;

  @Field(() => String)
  number!: string;

  @Field(() => String)
  holderName!: string;

  @Field(() => String, { nullable: true })
  holderNip?: string;

  @Field(() => String, { description: 'Title of the course, or of the seminar for a certificate of attendance.' })
  courseTitle!: string;

  @Field(() => String, { nullable: true, description: 'The organizing institution, for a certificate of attendance.' })
  organizerName?: string | null;

  @Field(() => Float)
  jp!: number;

  @Field(() => String, { description: 'YYYY-MM-DD, Asia/Jakarta.' })
  issuedOn!: string;

  @Field(() => Boolean)
  valid!: boolean;
}

@Resolver(() => Certificate)
export class CertificateResolver {
  @Query(() => [Certificate], { description: 'The caller’s certificates, newest first; empty for anyone not signed in as a person.' })
  myCertificates(@Ctx() ctx: Context) {
    return certificates.myCertificates(ctx);
  }

  @Query(() => CertificateVerification, { nullable: true, description: 'Public, no login: null when no certificate has this code.' })
  verifyCertificate(@Ctx() ctx: Context, @Arg('code', () => String) code: string) {
    return certificates.verifyCertificate(ctx, code);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Presigned GET of the PDF (15 minutes) for the holder and admins; null until READY.' })
  pdfUrl(@Root() certificate: Certificate, @Ctx() ctx: Context) {
    return certificates.certificatePdfUrl(ctx, certificate);
  }

  @FieldResolver(() => CertificateKind)
  kind(@Root() certificate: Certificate) {
    return certificateKind(certificate);
  }

  @FieldResolver(() => Course, { nullable: true, description: 'The completed course; null for a certificate of attendance.' })
  course(@Root() certificate: Certificate, @Ctx() ctx: Context) {
    return certificate.course ? ctx.loaders.courseById.load(certificate.course.id) : null;
  }

  @FieldResolver(() => Seminar, { nullable: true, description: 'The attended seminar; null for a course certificate.' })
  seminar(@Root() certificate: Certificate, @Ctx() ctx: Context) {
    return certificate.seminar ? ctx.loaders.seminarById.load(certificate.seminar.id) : null;
  }
}

@Resolver(() => Enrollment)
export class EnrollmentCertificateResolver {
  // Whoever may read the enrollment (its learner, course staff, admins) sees what its certificate
  // shows; the PDF link is narrowed to the holder and admins by the Certificate.pdfUrl policy.
  @FieldResolver(() => Certificate, { nullable: true, description: 'Issued when the course is completed; null before.' })
  certificate(@Root() enrollment: Enrollment, @Ctx() ctx: Context) {
    return ctx.loaders.certificateByEnrollment.load(enrollment.id);
  }
}

export const certificateResolvers = [CertificateResolver, EnrollmentCertificateResolver] as const;
