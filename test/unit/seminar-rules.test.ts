import { SeminarKind, SeminarScope, SeminarStatus } from '../../src/modules/seminar/seminar.entity';
import { isInAudience } from '../../src/modules/seminar/seminar.policy';
import {
  canonicalTimeZone,
  checkSeminar,
  isRegistrationOpen,
  placeFor,
  type SeminarDraft,
  seminarDays,
  seminarJp,
  seminarJpRule,
} from '../../src/modules/seminar/seminar.rules';

const at = (iso: string) => new Date(iso);
const session = (startsAt: string, endsAt: string, timeZone = 'Asia/Jakarta') => ({ startsAt: at(startsAt), endsAt: at(endsAt), timeZone });

describe('seminar days', () => {
  it('counts the distinct local days on which sessions start', () => {
    // Morning and afternoon of 2 March in Sibolga, then 3 March: two days.
    expect(
      seminarDays([
        session('2026-03-02T01:00:00Z', '2026-03-02T05:00:00Z'),
        session('2026-03-02T06:00:00Z', '2026-03-02T09:00:00Z'),
        session('2026-03-03T01:00:00Z', '2026-03-03T05:00:00Z'),
      ]),
    ).toBe(2);
  });

  it('takes each session’s own time zone: 23:00 UTC is the next morning in Jakarta', () => {
    expect(seminarDays([session('2026-03-01T23:00:00Z', '2026-03-02T03:00:00Z', 'UTC')])).toBe(1);
    // 1 March 23:00 UTC is 2 March 06:00 in Jakarta, the same local day as the second session.
    expect(
      seminarDays([session('2026-03-01T23:00:00Z', '2026-03-02T01:00:00Z'), session('2026-03-02T03:00:00Z', '2026-03-02T05:00:00Z')]),
    ).toBe(1);
    expect(
      seminarDays([session('2026-03-01T23:00:00Z', '2026-03-02T01:00:00Z', 'UTC'), session('2026-03-02T03:00:00Z', '2026-03-02T05:00:00Z', 'UTC')]),
    ).toBe(2);
  });

  it('counts an evening session running past midnight once', () => {
    expect(seminarDays([session('2026-03-02T12:00:00Z', '2026-03-02T18:00:00Z')])).toBe(1);
  });
});

describe('JP by the LAN conversion rule', () => {
  it('is days × 4 / 6 for seminars and 5 / 7 for workshops (national / international)', () => {
    expect(seminarJp({ kind: SeminarKind.SEMINAR, scope: SeminarScope.NATIONAL, days: 1 })).toBe(4);
    expect(seminarJp({ kind: SeminarKind.SEMINAR, scope: SeminarScope.INTERNATIONAL, days: 2 })).toBe(12);
    expect(seminarJp({ kind: SeminarKind.WORKSHOP, scope: SeminarScope.NATIONAL, days: 3 })).toBe(15);
    expect(seminarJp({ kind: SeminarKind.WORKSHOP, scope: SeminarScope.INTERNATIONAL, days: 2 })).toBe(14);
  });

  it('gives way to an explicit value', () => {
    expect(seminarJp({ kind: SeminarKind.WORKSHOP, scope: SeminarScope.INTERNATIONAL, days: 2, jpOverride: 3.5 })).toBe(3.5);
  });

  it('explains itself in Bahasa Indonesia', () => {
    expect(seminarJpRule({ kind: SeminarKind.SEMINAR, scope: SeminarScope.NATIONAL, days: 2 })).toBe('2 hari × 4 JP (seminar nasional) = 8 JP');
    expect(seminarJpRule({ kind: SeminarKind.WORKSHOP, scope: SeminarScope.INTERNATIONAL, days: 1 })).toBe('1 hari × 7 JP (lokakarya internasional) = 7 JP');
    expect(seminarJpRule({ kind: SeminarKind.SEMINAR, scope: SeminarScope.NATIONAL, days: 2, jpOverride: 2.5 })).toBe('Ditetapkan penyelenggara: 2.5 JP');
  });
});

describe('time zones', () => {
  it('accepts IANA zones in their canonical spelling and refuses the rest', () => {
    expect(canonicalTimeZone('Asia/Jakarta')).toBe('Asia/Jakarta');
    expect(canonicalTimeZone('asia/jakarta')).toBe('Asia/Jakarta');
    expect(canonicalTimeZone('Asia/Sibolga')).toBeUndefined();
    expect(canonicalTimeZone('WIB')).toBeUndefined();
    expect(canonicalTimeZone('+07:00')).toBeUndefined();
  });
});

describe('checking a seminar', () => {
  const draft = (overrides: Partial<SeminarDraft> = {}): SeminarDraft => ({
    externalRef: 'SEM-2026-01',
    title: 'Seminar Nasional Pelayanan Publik',
    capacity: 10,
    venue: 'Aula Kantor Wali Kota Sibolga',
    sessions: [session('2026-03-02T01:00:00Z', '2026-03-02T05:00:00Z'), session('2026-03-03T01:00:00Z', '2026-03-03T05:00:00Z')],
    ...overrides,
  });

  it('answers the values to store, with derived days, start, end and closing time', () => {
    const { problems, seminar } = checkSeminar(draft());
    expect(problems).toEqual([]);
    expect(seminar).toMatchObject({
      kind: SeminarKind.SEMINAR,
      scope: SeminarScope.NATIONAL,
      status: SeminarStatus.PUBLISHED,
      days: 2,
      startsAt: at('2026-03-02T01:00:00Z'),
      endsAt: at('2026-03-03T05:00:00Z'),
      registrationClosesAt: at('2026-03-02T01:00:00Z'),
    });
  });

  it('names every problem with its field path', () => {
    const { problems } = checkSeminar(
      draft({
        capacity: 0,
        onlineUrl: 'ftp://example.org',
        registrationClosesAt: at('2026-03-02T06:00:00Z'),
        sessions: [
          { ...session('2026-03-02T05:00:00Z', '2026-03-02T01:00:00Z') },
          { ...session('2026-03-03T01:00:00Z', '2026-03-03T05:00:00Z'), timeZone: 'Asia/Sibolga' },
        ],
        speakers: [{ name: ' ' }],
        status: SeminarStatus.CANCELLED,
      }),
    );
    expect(problems.map((problem) => problem.field).sort()).toEqual(
      [
        'input.capacity',
        'input.onlineUrl',
        'input.registrationClosesAt',
        'input.sessions[0].endsAt',
        'input.sessions[1].timeZone',
        'input.speakers[0].name',
        'input.status',
      ].sort(),
    );
  });

  it('wants at least one session, a place for each, and one sitting per session', () => {
    expect(checkSeminar(draft({ sessions: [] })).problems.map((p) => p.field)).toContain('input.sessions');
    expect(checkSeminar(draft({ venue: null })).problems.map((p) => p.field)).toEqual(['input.sessions[0].venue', 'input.sessions[1].venue']);
    expect(checkSeminar(draft({ sessions: [session('2026-03-02T01:00:00Z', '2026-03-03T05:00:00Z')] })).problems.map((p) => p.field)).toEqual([
      'input.sessions[0].endsAt',
    ]);
  });
});

describe('seats and audience', () => {
  it('confirms while seats last, then waitlists up to the limit', () => {
    expect(placeFor({ capacity: 2 }, { confirmed: 1, waitlisted: 0 })).toBe('CONFIRMED');
    expect(placeFor({ capacity: 2 }, { confirmed: 2, waitlisted: 500 })).toBe('WAITLISTED');
    expect(placeFor({ capacity: 2, waitlistLimit: 3 }, { confirmed: 2, waitlisted: 3 })).toBe('FULL');
    expect(placeFor({ capacity: 2, waitlistLimit: 0 }, { confirmed: 2, waitlisted: 0 })).toBe('FULL');
  });

  it('closes registration at the set time and for anything not published', () => {
    const closes = at('2026-03-01T00:00:00Z');
    expect(isRegistrationOpen({ status: SeminarStatus.PUBLISHED, registrationClosesAt: closes }, at('2026-02-28T23:59:59Z'))).toBe(true);
    expect(isRegistrationOpen({ status: SeminarStatus.PUBLISHED, registrationClosesAt: closes }, closes)).toBe(false);
    expect(isRegistrationOpen({ status: SeminarStatus.DRAFT, registrationClosesAt: closes }, at('2026-02-01T00:00:00Z'))).toBe(false);
  });

  it('lets in everyone when no agency is targeted, else the agencies and their sub-agencies', () => {
    expect(isInAudience([], ['upt'])).toBe(true);
    expect(isInAudience(['dinkes'], ['upt-puskesmas', 'dinkes'])).toBe(true);
    expect(isInAudience(['dinkes'], ['disdik'])).toBe(false);
  });
});
