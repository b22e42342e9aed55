import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../../context';
import { JOBS } from '../../jobs/job-names';
import { isPerson } from '../../identity';
import { Certificate, type CertificateKind, certificateKind, CertificatePdfStatus } from './certificate.entity';
import { maySeeCertificatePdf } from './certificate.policy';

/** No 0/O, 1/I/L: codes are typed in from paper as often as scanned. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 10;
const PDF_URL_SECONDS = 15 * 60;

export function newVerificationCode(): string {
  const bytes = randomBytes(CODE_LENGTH * 2);
  let code = '';
  // Rejection sampling keeps every letter equally likely (256 is not a multiple of 31).
  for (let i = 0; code.length < CODE_LENGTH; i++) {
    const byte = i < bytes.length ? bytes[i] : randomBytes(1)[0];
    if (byte < 248) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  }
  return code;
}

/**
 * Issues the certificate of a just-completed enrollment (inside the completing transaction) and
 * enqueues its PDF. Holder and course details are copied as they are now.
 */
export async function issueCertificate(tx: Context, enrollmentId: string): Promise<void> {
  // raw SQL: INSERT … SELECT with a per-year number computed in the statement and ON CONFLICT, so concurrent issues neither collide nor duplicate
  const rows = await tx.em.execute<{ id: string }[]>(
    `INSERT INTO certificates (id, enrollment_id, user_id, course_id, number, verification_code, holder_name, holder_nip, course_title, jp, issued_on)
     SELECT ?, e.id, e.user_id, e.course_id,
            'PELITA/' || to_char(now() AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '/' || lpad(n.v::text, greatest(6, length(n.v::text)), '0'),
            ?, u.name, u.nip, c.title, c.jp, (now() AT TIME ZONE 'Asia/Jakarta')::date
       FROM enrollments e JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id
      CROSS JOIN LATERAL (SELECT nextval('certificate_number_seq') AS v) n
      WHERE e.id = ?
     ON CONFLICT (enrollment_id) DO NOTHING RETURNING id`,
    [randomUUID(), newVerificationCode(), enrollmentId],
  );
  await enqueuePdfs(tx, rows);
}

/**
 * Issues the certificate of attendance (sertifikat kehadiran) of a seminar registration whose
 * sessions were all attended, inside the check-in's transaction, with the JP credited for it;
 * once per registration. Numbered and verified like course certificates.
 */
export async function issueSeminarCertificate(tx: Context, registrationId: string, jp: number): Promise<void> {
  // raw SQL: INSERT … SELECT with a per-year number computed in the statement and ON CONFLICT, so concurrent issues neither collide nor duplicate
  const rows = await tx.em.execute<{ id: string }[]>(
    `INSERT INTO certificates (id, seminar_registration_id, seminar_id, user_id, number, verification_code, holder_name, holder_nip,
                               course_title, organizer_name, jp, issued_on)
     SELECT ?, r.id, s.id, r.user_id,
            'PELITA/' || to_char(now() AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '/' || lpad(n.v::text, greatest(6, length(n.v::text)), '0'),
            ?, u.name, u.nip, s.title, o.name, ?, (now() AT TIME ZONE 'Asia/Jakarta')::date
       FROM seminar_registrations r JOIN users u ON u.id = r.user_id JOIN seminars s ON s.id = r.seminar_id
       JOIN organizations o ON o.id = s.organizer_id
      CROSS JOIN LATERAL (SELECT nextval('certificate_number_seq') AS v) n
      WHERE r.id = ?
     ON CONFLICT (seminar_registration_id) DO NOTHING RETURNING id`,
    [randomUUID(), newVerificationCode(), jp, registrationId],
  );
  await enqueuePdfs(tx, rows);
}

async function enqueuePdfs(tx: Context, rows: { id: string }[]): Promise<void> {
  // In the issuing transaction: the job commits with the certificate or not at all.
  for (const { id } of rows) {
    await tx.app.jobs.sendInTransaction(tx.em, JOBS.renderCertificatePdf, { certificateId: id }, { retryLimit: 10, retryDelay: 2 });
  }
}

export async function myCertificates(ctx: Context): Promise<Certificate[]> {
  if (!isPerson(ctx.caller)) return [];
  return ctx.em.find(Certificate, { user: ctx.caller.userId }, { orderBy: { issuedOn: 'desc', number: 'desc' } });
}

export async function certificatePdfUrl(ctx: Context, certificate: Certificate): Promise<string | null> {
  if (certificate.pdfStatus !== CertificatePdfStatus.READY || !certificate.pdfObjectKey) return null;
  if (!maySeeCertificatePdf(ctx.caller, certificate)) return null;
  const filename = `sertifikat-${certificate.number.replaceAll('/', '-')}.pdf`;
  return ctx.app.storage.presignedGetUrl(certificate.pdfObjectKey, PDF_URL_SECONDS, { downloadFilename: filename, contentType: 'application/pdf' });
}

export interface CertificateVerificationView {
  kind: CertificateKind;
  number: string;
  holderName: string;
  holderNip?: string;
  courseTitle: string;
  organizerName?: string | null;
  jp: number;
  issuedOn: string;
  valid: boolean;
}

/** Public: answers only what the paper certificate itself shows. */
export function verifyCertificate(ctx: Context, code: string): Promise<CertificateVerificationView | null> {
  return findVerification(ctx.em, code);
}

/** Also serves the page a certificate's QR code opens, which has no GraphQL context. */
export async function findVerification(em: EntityManager, code: string): Promise<CertificateVerificationView | null> {
  const normalized = code.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,32}$/.test(normalized)) return null;
  const certificate = await em.findOne(Certificate, { verificationCode: normalized });
  if (!certificate) return null;
  const { number, holderName, holderNip, courseTitle, organizerName, jp, issuedOn } = certificate;
  return { kind: certificateKind(certificate), number, holderName, holderNip, courseTitle, organizerName, jp, issuedOn, valid: true };
}
