import type { EntityManager } from '@mikro-orm/postgresql';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ObjectStorage } from '../../storage/storage.port';
import { Certificate, CertificateKind, certificateKind, CertificatePdfStatus } from './certificate.entity';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "2026-11-29" → "29 November 2026", as Indonesian certificates print dates. */
export function tanggalIndonesia(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

export const certificateObjectKey = (certificateId: string) => `certificates/${certificateId}.pdf`;
export const verificationLink = (publicBaseUrl: string, code: string) => `${publicBaseUrl.replace(/\/+$/, '')}/verify/${code}`;

/** JP is a decimal with one place; whole numbers print without ",0". */
const formatJp = (jp: number) => jp.toLocaleString('id-ID', { maximumFractionDigits: 1 });

export async function renderCertificatePdf(certificate: Certificate, publicBaseUrl: string): Promise<Buffer> {
  const link = verificationLink(publicBaseUrl, certificate.verificationCode);
  const qr = await QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 56, info: { Title: `Sertifikat ${certificate.number}`, Author: 'Pelita' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 112;
  doc.rect(28, 28, doc.page.width - 56, doc.page.height - 56).lineWidth(2).stroke('#1f4e79');
  const attendance = certificateKind(certificate) === CertificateKind.SEMINAR_ATTENDANCE;
  const heading = attendance ? 'SERTIFIKAT KEHADIRAN' : 'SERTIFIKAT';
  doc.moveDown(1.5).font('Helvetica-Bold').fontSize(attendance ? 32 : 36).fillColor('#1f4e79').text(heading, { align: 'center', width });
  doc.font('Helvetica').fontSize(12).fillColor('#333333').text(`Nomor: ${certificate.number}`, { align: 'center', width });
  doc.moveDown(1.5).fontSize(14).text('diberikan kepada', { align: 'center', width });
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(26).fillColor('#000000').text(certificate.holderName, { align: 'center', width });
  if (certificate.holderNip) doc.font('Helvetica').fontSize(13).text(`NIP ${certificate.holderNip}`, { align: 'center', width });
  doc.moveDown(1).font('Helvetica').fontSize(14).text(attendance ? 'telah mengikuti' : 'telah menyelesaikan pelatihan', { align: 'center', width });
  doc.moveDown(0.3).font('Helvetica-Bold').fontSize(18).text(certificate.courseTitle, { align: 'center', width });
  if (certificate.organizerName) {
    doc.font('Helvetica').fontSize(13).text(`yang diselenggarakan oleh ${certificate.organizerName}`, { align: 'center', width });
  }
  doc.moveDown(0.3).font('Helvetica').fontSize(14).text(`dengan bobot ${formatJp(certificate.jp)} JP (jam pelajaran)`, { align: 'center', width });
  doc.moveDown(1).fontSize(12).text(`Diterbitkan pada ${tanggalIndonesia(certificate.issuedOn)}`, { align: 'center', width });

  const qrSize = 110;
  const qrY = doc.page.height - 56 - qrSize - 24;
  doc.image(qr, doc.page.width - 56 - qrSize - 16, qrY, { width: qrSize });
  doc.fontSize(9).fillColor('#555555').text(`Verifikasi: ${link}`, 72, qrY + qrSize - 24, { width: width - qrSize - 40 });
  doc.text(`Kode verifikasi: ${certificate.verificationCode}`, 72, qrY + qrSize - 10, { width: width - qrSize - 40 });
  doc.end();
  return finished;
}

/**
 * The job: renders the certificate and stores it under a key fixed by its id, so running it
 * again (a retry, a duplicate job) overwrites the same object and ends in the same state.
 * The job commits with its certificate, so a missing one was removed since; it throws, to show
 * in the failed jobs rather than pass for done.
 */
export async function renderAndStoreCertificate(em: EntityManager, storage: ObjectStorage, publicBaseUrl: string, certificateId: string) {
  const certificate = await em.findOne(Certificate, { id: certificateId });
  if (!certificate) throw new Error(`certificate ${certificateId} does not exist`);
  const pdf = await renderCertificatePdf(certificate, publicBaseUrl);
  const key = certificateObjectKey(certificate.id);
  await storage.putObject(key, pdf, pdf.length, 'application/pdf');
  await em.nativeUpdate(Certificate, { id: certificate.id }, { pdfStatus: CertificatePdfStatus.READY, pdfObjectKey: key });
  return { certificateId, bytes: pdf.length };
}
