/**
 * The fixed questionnaire of evaluasi penyelenggaraan (about the course and its organisation)
 * and evaluasi widyaiswara (about each instructor). Answers store only the code, so a code is
 * never reused for another question: retire a code and add a new one instead of rewording it.
 */
export interface EvaluationQuestionDef {
  code: string;
  text: string;
}

export const COURSE_QUESTIONS: readonly EvaluationQuestionDef[] = [
  { code: 'P1', text: 'Materi pelatihan sesuai dengan kebutuhan tugas saya' },
  { code: 'P2', text: 'Materi pelatihan relevan dengan tujuan pelatihan dan dapat saya terapkan di unit kerja' },
  { code: 'P3', text: 'Jadwal dan alokasi waktu pelatihan memadai' },
  { code: 'P4', text: 'Sarana pembelajaran dan platform Pelita mudah digunakan dan berfungsi dengan baik' },
  { code: 'P5', text: 'Pelayanan administrasi penyelenggara cepat dan membantu' },
  { code: 'P6', text: 'Secara keseluruhan, penyelenggaraan pelatihan ini memuaskan' },
];

export const INSTRUCTOR_QUESTIONS: readonly EvaluationQuestionDef[] = [
  { code: 'W1', text: 'Penguasaan materi' },
  { code: 'W2', text: 'Cara penyajian' },
  { code: 'W3', text: 'Pemanfaatan waktu' },
  { code: 'W4', text: 'Sikap dan perilaku' },
  { code: 'W5', text: 'Kemampuan menjawab pertanyaan' },
];

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;

/** The Likert scale, lowest first; index + 1 is the score. */
export const LIKERT_LABELS = ['Sangat kurang', 'Kurang', 'Cukup', 'Baik', 'Sangat baik'] as const;

const TEXT_BY_CODE = new Map([...COURSE_QUESTIONS, ...INSTRUCTOR_QUESTIONS].map((question) => [question.code, question.text]));

export function questionText(code: string): string | undefined {
  return TEXT_BY_CODE.get(code);
}
