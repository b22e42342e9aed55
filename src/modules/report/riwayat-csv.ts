/**
 * The CSV shape of an agency's training history ("riwayat pelatihan"), laid out as SIASN's
 * riwayat diklat takes it: one row per JP credit, dates as DD-MM-YYYY (SIASN's own date format),
 * JP with a decimal point and no trailing ",0". RFC 4180: comma separated, CRLF line ends,
 * fields with a comma, quote or line break quoted, quotes doubled. UTF-8 with a byte order mark
 * so Excel opens names like "Siti Nur'aini" or "Ÿ" correctly.
 */
export const RIWAYAT_HEADER = [
  'NIP',
  'Nama',
  'Nama Pelatihan',
  'Jenis Pelatihan',
  'Tanggal Mulai',
  'Tanggal Selesai',
  'JP',
  'Nomor Sertifikat',
  'Penyelenggara',
] as const;

export const UTF8_BOM = '\uFEFF';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return, which some
 * strip first) as a formula: such a cell is prefixed with a quote so it stays text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;

const COMPETENCY_TYPE: Record<string, string> = {
  TEKNIS: 'Pelatihan Teknis',
  MANAJERIAL: 'Pelatihan Manajerial',
  SOSIAL_KULTURAL: 'Pelatihan Sosial Kultural',
};

const SEMINAR_TYPE: Record<string, string> = { SEMINAR: 'Seminar', WORKSHOP: 'Workshop' };

/** Courses (and their classroom sessions) by competency group; seminars by their kind. */
export function jenisPelatihan(source: string, competency: string | null, seminarKind: string | null): string {
  if (source === 'SEMINAR') return SEMINAR_TYPE[seminarKind ?? ''] ?? 'Seminar';
  return COMPETENCY_TYPE[competency ?? ''] ?? 'Pelatihan';
}

/** "8.0" → "8", "2.5" → "2.5". */
export const formatJp = (jp: string | number) => String(Number(jp));

/** "Dinas Kesehatan Kota Sibolga" → "dinas-kesehatan-kota-sibolga" (ASCII, for a file name). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 80).replace(/-+$/, '') || 'instansi';
}

export const exportFilename = (organizationName: string, year: number) => `riwayat-pelatihan-${slugify(organizationName)}-${year}.csv`;
