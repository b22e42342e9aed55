import { useEffect, useState } from 'preact/hooks';
import { CourseCertificateQuery } from '../api/learner-operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import type { CourseCertificateQuery as CertificateData } from '../gql/graphql';
import { coursePath, evaluationPath, onLinkClick } from '../router';
import { CertificateFacts } from './certificate-facts';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

type Certificate = NonNullable<NonNullable<NonNullable<CertificateData['course']>['myEnrollment']>['certificate']>;

/** The PDF is rendered by a background job seconds after completion: asked again this often, this many times. */
const PDF_POLL_MS = 3000;
const PDF_POLL_TRIES = 20;

/** Where the QR code printed on the certificate leads: the API's own public verification page. */
const verificationUrl = (code: string) => `${location.origin}/verify/${encodeURIComponent(code)}`;

/** The certificate of a completed course: what it says, its PDF and the link its QR code opens. */
export function CertificateScreen({ auth, courseId, onSessionEnded }: { auth: Auth; courseId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useQuery(auth, CourseCertificateQuery, { courseId }, onSessionEnded);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const course = loaded.data.course;
  if (!course) return <p class="card">{t.notFound}</p>;
  const enrollment = course.myEnrollment;
  const certificate = enrollment?.certificate;
  return (
    <>
      <p>
        <a href={coursePath(course.id)} onClick={onLinkClick}>
          {t.backToCourse(course.title)}
        </a>
      </p>
      <h1>{t.certificateTitle}</h1>
      {!certificate ? (
        <p class="notice">{t.certificateNotYet}</p>
      ) : (
        <>
          <CertificateCard auth={auth} courseId={course.id} initial={certificate} onSessionEnded={onSessionEnded} />
          {enrollment.status === 'COMPLETED' && !enrollment.myEvaluation && (
            <p class="notice">
              {t.evaluationInvite}{' '}
              <a href={evaluationPath(course.id)} onClick={onLinkClick}>
                {t.fillEvaluation}
              </a>
            </p>
          )}
        </>
      )}
    </>
  );
}

function CertificateCard({ auth, courseId, initial, onSessionEnded }: { auth: Auth; courseId: string; initial: Certificate; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [certificate, setCertificate] = useState(initial);
  const [tries, setTries] = useState(0);
  // While the PDF is still being made, ask again quietly (the rest of the screen stays as it is).
  useEffect(() => {
    if (certificate.pdfStatus === 'READY' || tries >= PDF_POLL_TRIES) return;
    const timer = setTimeout(() => {
      auth.run(CourseCertificateQuery, { courseId }).then(
        (data) => {
          const fresh = data.course?.myEnrollment?.certificate;
          if (fresh) setCertificate(fresh);
          setTries((n) => n + 1);
        },
        (error: unknown) => (error instanceof SessionEnded ? onSessionEnded() : setTries((n) => n + 1)),
      );
    }, PDF_POLL_MS);
    return () => clearTimeout(timer);
  }, [certificate.pdfStatus, tries]);

  const verification = verificationUrl(certificate.verificationCode);
  return (
    <section class="card certificate" aria-labelledby="certificate-course" data-testid="certificate">
      <p class="muted small">{t.certificateKind}</p>
      <h2 id="certificate-course">{certificate.courseTitle}</h2>
      <CertificateFacts certificate={certificate} />
      {certificate.pdfStatus === 'READY' && certificate.pdfUrl ? (
        <p>
          <a class="button" href={certificate.pdfUrl} target="_blank" rel="noopener noreferrer" data-testid="certificate-pdf">
            {t.certificatePdf} <span class="muted">{t.newTab}</span>
          </a>
        </p>
      ) : (
        <div role="status">
          <p class="muted">{tries >= PDF_POLL_TRIES ? t.certificatePdfLater : t.certificatePdfPending}</p>
          {tries >= PDF_POLL_TRIES && (
            <button type="button" class="primary" onClick={() => setTries(0)}>
              {t.retry}
            </button>
          )}
        </div>
      )}
      <h3>{t.certificateVerifyHeading}</h3>
      <p class="muted small">{t.certificateVerifyNote}</p>
      <p class="verify">
        <a href={verification} target="_blank" rel="noopener noreferrer" data-testid="certificate-verify">
          {verification}
        </a>
      </p>
      <p class="small">{t.certificateCode(certificate.verificationCode)}</p>
    </section>
  );
}
