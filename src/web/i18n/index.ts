import { en } from './en';
import { id, type Messages } from './id';

export type Language = 'id' | 'en';
export type { Messages };

const CATALOGUES: Record<Language, Messages> = { id, en };
const STORAGE_KEY = 'pelita.language';

/** Indonesian unless the person chose English on this device. */
export function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or full storage: the choice lasts for this visit only.
  }
  document.documentElement.lang = language;
}

export function messages(language: Language): Messages {
  return CATALOGUES[language];
}

/** Numbers as the language writes them: 7,5 in Indonesian, 7.5 in English. */
export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}

/** A file's size as people read it: 812 KB, 4,2 MB (binary units, as phones show them). */
export function formatBytes(language: Language, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** A YYYY-MM-DD date (no time zone: it is already Jakarta's) as the language writes it. */
export function formatDay(language: Language, day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}
