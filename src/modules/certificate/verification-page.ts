import { type Request, type Response, Router } from 'express';
import type { AppServices } from '../../context';
import { CertificateKind } from './certificate.entity';
import { tanggalIndonesia } from './certificate.pdf';
import { findVerification } from './certificate.service';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
h1{color:#1f4e79;font-size:1.4rem}dt{color:#6b7280;font-size:.85rem;margin-top:.8rem}dd{margin:0;font-weight:600}</style></head>
<body>${body}</body></html>`;
}

/**
 * GET /verify/:code — what the QR code on a certificate opens on a phone: a plain page that
 * says whether the certificate is genuine and shows only what the certificate itself shows.
 */
export function verificationPage(services: AppServices): Router {
  const router = Router();
  router.get('/verify/:code', async (req: Request<{ code: string }>, res: Response) => {
    const verification = await findVerification(services.orm.em.fork(), req.params.code);
    res.setHeader('cache-control', 'no-store');
    if (!verification) {
      res.status(404).type('html').send(page('Sertifikat tidak ditemukan', '<h1>Sertifikat tidak ditemukan</h1><p>Kode verifikasi ini tidak dikenal oleh Pelita.</p>'));
      return;
    }
    const rows: [string, string][] = [
      ['Nomor', verification.number],
      ['Diberikan kepada', verification.holderName],
      ...(verification.holderNip ? ([['NIP', verification.holderNip]] as [string, string][]) : []),
      ...(verification.kind === CertificateKind.SEMINAR_ATTENDANCE
        ? ([['Jenis', 'Sertifikat kehadiran'], ['Kegiatan', verification.courseTitle], ['Penyelenggara', verification.organizerName ?? '']] as [string, string][])
        : ([['Pelatihan', verification.courseTitle]] as [string, string][])),
      ['Bobot', `${verification.jp} JP`],
      ['Tanggal terbit', tanggalIndonesia(verification.issuedOn)],
    ];
    const details = rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
    res.type('html').send(page('Sertifikat sah', `<h1>✔ Sertifikat sah</h1><p>Sertifikat ini diterbitkan oleh Pelita.</p><dl>${details}</dl>`));
  });
  return router;
}
