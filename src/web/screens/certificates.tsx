import { MyCertificatesQuery } from '../api/learner-operations';
import type { Auth } from '../api/session';
import { useUi } from '../context';
import { certificatePath, onLinkClick, seminarPath } from '../router';
import { CertificateFacts } from './certificate-facts';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

/**
 * *Sertifikat saya* (`/certificates`): every certificate of the signed-in person, newest first:
 * courses completed and seminars attended (a seminar's certificate of attendance is shown nowhere
 * else), each with its number, JP, date, PDF and verification link, as an ASN needs them for
 * their records.
 */
export function CertificatesScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useQuery(auth, MyCertificatesQuery, {}, onSessionEnded);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const certificates = loaded.data.myCertificates;
  return (
    <>
      <h1>{t.certificatesTitle}</h1>
      {certificates.length === 0 && <p class="muted">{t.certificatesNone}</p>}
      <ul class="plain">
        {certificates.map((certificate) => {
          const about = certificate.course ? certificatePath(certificate.course.id) : certificate.seminar ? seminarPath(certificate.seminar.id) : undefined;
          return (
            <li key={certificate.id} class="card" data-testid="my-certificate">
              <p class="muted small">{certificate.kind === 'SEMINAR_ATTENDANCE' ? t.certificateAttendanceKind : t.certificateKind}</p>
              <h2 class="h3">
                {about ? (
                  <a href={about} onClick={onLinkClick}>
                    {certificate.courseTitle}
                  </a>
                ) : (
                  certificate.courseTitle
                )}
              </h2>
              <CertificateFacts certificate={certificate} />
              <p>
                {certificate.pdfStatus === 'READY' && certificate.pdfUrl ? (
                  <a href={certificate.pdfUrl} target="_blank" rel="noopener noreferrer" aria-label={t.certificatePdfOf(certificate.courseTitle)}>
                    {t.certificatePdf}
                  </a>
                ) : (
                  <span class="muted">{t.certificatePdfPending}</span>
                )}
              </p>
              <p>
                <a href={`/verify/${encodeURIComponent(certificate.verificationCode)}`} target="_blank" rel="noopener noreferrer" aria-label={t.certificateVerifyOf(certificate.courseTitle)}>
                  {t.certificateVerifyHeading}
                </a>
              </p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
