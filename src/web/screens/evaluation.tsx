import { useRef, useState } from 'preact/hooks';
import { ApiError, OfflineError } from '../api/client';
import { EvaluationFormQuery, SubmitEvaluationMutation } from '../api/learner-operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import type { EvaluationFormQuery as FormData } from '../gql/graphql';
import { formatNumber } from '../i18n';
import { certificatePath, coursePath, onLinkClick } from '../router';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

type Questions = FormData['evaluationQuestions'];
/** Scores chosen so far, by question code (course) or by instructor id and code. */
type Scores = Record<string, number>;

const MAX_COMMENT = 2000;

/**
 * The course evaluation (evaluasi penyelenggaraan and, for each instructor of the learner's
 * cohort, evaluasi widyaiswara), once per completed enrollment. The questions and the scale come
 * from the API; nobody sees single answers, which the screen tells the learner.
 */
export function EvaluationScreen({ auth, courseId, onSessionEnded }: { auth: Auth; courseId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useQuery(auth, EvaluationFormQuery, { courseId }, onSessionEnded);
  const [sent, setSent] = useState(false);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const course = loaded.data.course;
  if (!course) return <p class="card">{t.notFound}</p>;
  const enrollment = course.myEnrollment;
  return (
    <>
      <p>
        <a href={coursePath(course.id)} onClick={onLinkClick}>
          {t.backToCourse(course.title)}
        </a>
      </p>
      <h1>{t.evaluationTitle}</h1>
      <p class="muted">{course.title}</p>
      {sent || enrollment?.myEvaluation ? (
        <div class="card" role="status" data-testid="evaluation-done">
          <p>{t.evaluationThanks}</p>
          <a class="button" href={certificatePath(course.id)} onClick={onLinkClick}>
            {t.viewCertificate}
          </a>
        </div>
      ) : !enrollment || enrollment.status !== 'COMPLETED' ? (
        <p class="notice">{t.evaluationAfterCompletion}</p>
      ) : (
        <EvaluationForm
          auth={auth}
          enrollmentId={enrollment.id}
          questions={loaded.data.evaluationQuestions}
          instructors={enrollment.cohort?.instructors ?? []}
          onSent={() => setSent(true)}
          onSessionEnded={onSessionEnded}
        />
      )}
    </>
  );
}

function EvaluationForm({
  auth,
  enrollmentId,
  questions,
  instructors,
  onSent,
  onSessionEnded,
}: {
  auth: Auth;
  enrollmentId: string;
  questions: Questions;
  instructors: { id: string; name: string }[];
  onSent: () => void;
  onSessionEnded: () => void;
}) {
  const { t, language } = useUi();
  const [scores, setScores] = useState<Scores>({});
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // A problem named before is re-checked on sending; left on screen it would soon be wrong.
  const choose = (key: string, score: number) => {
    setProblem(null);
    setScores((current) => ({ ...current, [key]: score }));
  };
  const instructorKey = (instructorId: string, code: string) => `${instructorId}:${code}`;

  const send = async (event: Event) => {
    event.preventDefault();
    const missing = questions.courseQuestions.filter((question) => !scores[question.code]);
    // An instructor is optional, but one that is evaluated is evaluated on every question.
    const partly = instructors.filter((instructor) => {
      const given = questions.instructorQuestions.filter((question) => scores[instructorKey(instructor.id, question.code)]).length;
      return given > 0 && given < questions.instructorQuestions.length;
    });
    if (missing.length || partly.length) {
      setProblem(missing.length ? t.evaluationMissing(formatNumber(language, missing.length)) : t.evaluationInstructorPartly(partly.map((i) => i.name).join(', ')));
      // Straight to the first question left open, so a keyboard or screen reader user need not look for it.
      const first = missing[0] ? `course-${missing[0].code}` : `instructor-${partly[0].id}`;
      form.current?.querySelector<HTMLInputElement>(`[data-group="${first}"] input`)?.focus();
      return;
    }
    const instructorAnswers = instructors
      .filter((instructor) => questions.instructorQuestions.every((question) => scores[instructorKey(instructor.id, question.code)]))
      .map((instructor) => ({
        instructorId: instructor.id,
        answers: questions.instructorQuestions.map((question) => ({ questionCode: question.code, score: scores[instructorKey(instructor.id, question.code)] })),
      }));
    setBusy(true);
    setProblem(null);
    try {
      await auth.run(SubmitEvaluationMutation, {
        enrollmentId,
        input: {
          courseAnswers: questions.courseQuestions.map((question) => ({ questionCode: question.code, score: scores[question.code] })),
          instructorAnswers,
          comment: comment.trim() || null,
        },
      });
      onSent();
    } catch (error) {
      if (error instanceof SessionEnded) return onSessionEnded();
      // CONFLICT: already sent (from another device); the thanks are shown then.
      if (error instanceof ApiError && error.code === 'CONFLICT') return onSent();
      setProblem(error instanceof OfflineError ? t.evaluationOffline : t.somethingWrong);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} class="stack evaluation" onSubmit={send} noValidate>
      <p>{t.evaluationIntro}</p>
      <section class="card" aria-labelledby="evaluation-course">
        <h2 id="evaluation-course" class="h3">
          {t.evaluationCourseHeading}
        </h2>
        {questions.courseQuestions.map((question) => (
          <Likert key={question.code} group={`course-${question.code}`} text={question.text} scale={questions.scale} value={scores[question.code]} onChange={(score) => choose(question.code, score)} />
        ))}
      </section>
      {instructors.map((instructor) => (
        <section key={instructor.id} class="card" aria-labelledby={`evaluation-${instructor.id}`}>
          <h2 id={`evaluation-${instructor.id}`} class="h3">
            {t.evaluationInstructorHeading(instructor.name)}
          </h2>
          <p class="muted small">{t.evaluationInstructorOptional}</p>
          {questions.instructorQuestions.map((question, index) => (
            <Likert
              key={question.code}
              group={index === 0 ? `instructor-${instructor.id}` : `instructor-${instructor.id}-${question.code}`}
              text={question.text}
              scale={questions.scale}
              value={scores[instructorKey(instructor.id, question.code)]}
              onChange={(score) => choose(instructorKey(instructor.id, question.code), score)}
            />
          ))}
        </section>
      ))}
      <label>
        {t.evaluationComment}
        <textarea rows={4} maxLength={MAX_COMMENT} value={comment} onInput={(event) => setComment((event.currentTarget as HTMLTextAreaElement).value)} />
        <span class="muted small">{t.evaluationCommentNote}</span>
      </label>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t.evaluationSending : t.evaluationSubmit}
      </button>
    </form>
  );
}

/** One question on the 1–5 scale: a group of radio buttons named by the question, side by side (each named "4 Baik"). */
function Likert({ group, text, scale, value, onChange }: { group: string; text: string; scale: Questions['scale']; value: number | undefined; onChange: (score: number) => void }) {
  return (
    <fieldset class="likert" data-group={group}>
      <legend>{text}</legend>
      <div class="scale">
        {scale.map((level) => (
          <label key={level.score} class="choice">
            <input type="radio" name={group} value={level.score} checked={value === level.score} onChange={() => onChange(level.score)} />
            <span class="score">{level.score}</span> <span class="level">{level.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
