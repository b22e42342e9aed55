import { tanggalIndonesia, verificationLink } from '../../src/modules/certificate/certificate.pdf';
import { newVerificationCode } from '../../src/modules/certificate/certificate.service';

describe('certificate details', () => {
  it('prints dates the Indonesian way', () => {
    expect(tanggalIndonesia('2026-08-17')).toBe('17 Agustus 2026');
    expect(tanggalIndonesia('2027-01-01')).toBe('1 Januari 2027');
  });

  it('makes verification codes without look-alike characters', () => {
    const codes = Array.from({ length: 500 }, () => newVerificationCode());
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('links the QR code to the public verification page', () => {
    expect(verificationLink('https://pelita.sibolgakota.go.id/', 'AB23CD45EF')).toBe('https://pelita.sibolgakota.go.id/verify/AB23CD45EF');
  });
});
