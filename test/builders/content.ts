import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pdfBytes, pngBytes } from '../support/sample-files';
import { dayFromNow } from './seminar';

/** Writes files (path → text or bytes) under a new temporary folder and answers it. */
export function writeFolder(files: Record<string, string | Buffer>, root = mkdtempSync(path.join(tmpdir(), 'pelita-content-'))): string {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

export const PRE_TEST = `purpose: PRE_TEST
passMark: 60
maxAttempts: 2
questions:
  - kind: SINGLE_CHOICE
    prompt: Apa kepanjangan SP4N-LAPOR?
    options: [Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional, Sistem Pelaporan Pegawai, Sistem Perizinan]
    correct: [0]
  - kind: TRUE_FALSE
    prompt: Standar pelayanan wajib dipublikasikan.
    correct: [0]
    points: 2
  - kind: MULTIPLE_CHOICE
    prompt: Mana yang termasuk asas pelayanan publik?
    options: [Kepentingan umum, Kepastian hukum, Keuntungan pribadi]
    correct: [0, 1]
  - kind: SHORT_ANSWER
    prompt: Singkatan dari Aparatur Sipil Negara?
    correct: [ASN]
`;

export const POST_TEST = PRE_TEST.replace('PRE_TEST', 'POST_TEST').replace('maxAttempts: 2', 'scorePolicy: LAST');

/** A course folder and a seminar folder as content/ holds them, with unique code and externalRef. */
export function contentFixture(overrides: { pdf?: Buffer; slides?: Buffer; text?: string; cover?: Buffer } = {}) {
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const code = `UJI-${suffix}`;
  const externalRef = `SEM-UJI-${suffix}`;
  const files: Record<string, string | Buffer> = {
    'pelayanan/course.yaml': `code: ${code}
title: Pelayanan Publik Uji
summary: Kursus uji penerbit konten.
description: deskripsi.md
competency: SOSIAL_KULTURAL
jp: 4
deliveryMode: ONLINE
tags: [Pelayanan Publik, uji]
modules:
  - title: Pengantar
    summary: Dasar-dasar pelayanan publik.
    estimatedMinutes: 30
    materials:
      - title: Pre-test
        kind: QUIZ
        quiz: kuis/pre-test.yaml
      - title: "Bacaan: Apa itu pelayanan publik"
        kind: TEXT
        body: teks/01-pengantar.md
        estimatedMinutes: 10
  - title: Standar Pelayanan
    prerequisite: Pengantar
    materials:
      - title: Modul (PDF)
        kind: DOCUMENT
        file: berkas/modul.pdf
      - title: Standar pelayanan (JDIH)
        kind: LINK
        url: https://jdih.example.go.id/standar
        required: false
      - title: Post-test
        kind: QUIZ
        quiz: kuis/post-test.yaml
cover: sampul.png
`,
    'pelayanan/sampul.png': overrides.cover ?? pngBytes(),
    'pelayanan/deskripsi.md': '# Pelayanan Publik Uji\n\nKursus untuk menguji **penerbit konten**.\n',
    'pelayanan/teks/01-pengantar.md': overrides.text ?? '## Pengantar\n\nPelayanan publik adalah kegiatan pemenuhan kebutuhan pelayanan.\n',
    'pelayanan/berkas/modul.pdf': overrides.pdf ?? pdfBytes('Modul uji'),
    'pelayanan/kuis/pre-test.yaml': PRE_TEST,
    'pelayanan/kuis/post-test.yaml': POST_TEST,
    'seminar/seminar.yaml': `externalRef: ${externalRef}
title: Manajemen Pemerintahan yang Efektif (Uji)
abstract: abstrak.md
kind: SEMINAR
scope: NATIONAL
capacity: 100
waitlistLimit: 10
venue: Aula Universitas, Sibolga
speakers:
  - { name: Dr. Rina Hutagalung, affiliation: Universitas Sibolga Raya, bio: Peneliti kebijakan publik. }
sessions:
  - externalRef: hari-1
    title: Hari 1
    startsAt: ${dayFromNow(30, 1).toISOString().replace('.000Z', '+00:00')}
    endsAt: ${dayFromNow(30, 5).toISOString()}
    timeZone: Asia/Jakarta
audience:
  positions: [Kepala Seksi, Analis Kebijakan]
materials:
  - title: Bahan tayang
    kind: SLIDES
    file: berkas/slide.pdf
`,
    'seminar/abstrak.md': '## Abstrak\n\nManajemen pemerintahan yang efektif di daerah.\n',
    'seminar/berkas/slide.pdf': overrides.slides ?? pdfBytes('Slide seminar uji'),
  };
  return { code, externalRef, files, root: writeFolder(files) };
}
