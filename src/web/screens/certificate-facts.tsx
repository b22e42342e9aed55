import { useUi } from '../context';
import { formatDay, formatNumber } from '../i18n';

/** What a certificate says; a field the query did not ask for (holder, organiser) is left out. */
export interface CertificateFactsOf {
  number: string;
  jp: number;
  issuedOn: string;
  holderName?: string;
  holderNip?: string | null;
  organizerName?: string | null;
}

/** A certificate's facts, on its own screen and in *Sertifikat saya* alike (apart from both, so neither pulls in the other). */
export function CertificateFacts({ certificate }: { certificate: CertificateFactsOf }) {
  const { t, language } = useUi();
  return (
    <dl class="facts stacked">
      <dt>{t.certificateNumber}</dt>
      <dd data-testid="certificate-number">{certificate.number}</dd>
      {certificate.holderName && (
        <>
          <dt>{t.certificateHolder}</dt>
          <dd>{certificate.holderName}</dd>
        </>
      )}
      {certificate.holderNip && (
        <>
          <dt>{t.certificateNip}</dt>
          <dd>{certificate.holderNip}</dd>
        </>
      )}
      {certificate.organizerName && (
        <>
          <dt>{t.certificateOrganizer}</dt>
          <dd>{certificate.organizerName}</dd>
        </>
      )}
      <dt>{t.certificateJp}</dt>
      <dd>{t.jpAmount(formatNumber(language, certificate.jp))}</dd>
      <dt>{t.certificateIssuedOn}</dt>
      <dd>{formatDay(language, certificate.issuedOn)}</dd>
    </dl>
  );
}
