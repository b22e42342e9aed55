/**
 * NIP (Nomor Induk Pegawai) of an ASN: 18 digits made of the birth date (YYYYMMDD), the month
 * of appointment (TMT, YYYYMM), a gender digit (1 man, 2 woman) and a 3-digit sequence.
 * Returns the reason it is not valid, or undefined when it is.
 */
export function nipProblem(nip: string, today = new Date()): string | undefined {
  if (!/^\d{18}$/.test(nip)) return 'NIP must be exactly 18 digits';
  const birthYear = Number(nip.slice(0, 4));
  const birthMonth = Number(nip.slice(4, 6));
  const birthDay = Number(nip.slice(6, 8));
  const appointedYear = Number(nip.slice(8, 12));
  const appointedMonth = Number(nip.slice(12, 14));
  const gender = nip[14];
  const sequence = Number(nip.slice(15, 18));

  const birth = new Date(Date.UTC(birthYear, birthMonth - 1, birthDay));
  const validBirthDate =
    birth.getUTCFullYear() === birthYear && birth.getUTCMonth() === birthMonth - 1 && birth.getUTCDate() === birthDay;
  if (!validBirthDate || birthYear < 1940 || birth > today) return 'NIP digits 1-8 must be a valid birth date (YYYYMMDD)';
  if (appointedMonth < 1 || appointedMonth > 12 || appointedYear < birthYear + 15 || appointedYear > today.getUTCFullYear() + 1) {
    return 'NIP digits 9-14 must be a plausible appointment month (YYYYMM)';
  }
  if (gender !== '1' && gender !== '2') return 'NIP digit 15 must be 1 (man) or 2 (woman)';
  if (sequence === 0) return 'NIP digits 16-18 must be a sequence number from 001';
  return undefined;
}
