import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, OfflineError } from '../api/client';
import { QuizQuery, StartQuizAttemptMutation, SubmitQuizAttemptMutation } from '../api/learner-operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import type { AttemptSummaryFragment, QuizAnswerInput, QuizStandingFragment, StartQuizAttemptMutation as StartedData } from '../gql/graphql';
import { formatNumber } from '../i18n';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

type Attempt = StartedData['startQuizAttempt'];
type Question = Attempt['questions'][number];
/** One question's answer as the learner is giving it: chosen options, or a short text. */
type Draft = Record<string, { optionIds?: string[]; text?: string }>;

/** Under the cache prefix, so logging out forgets it; a reload during an attempt keeps the answers given. */
const draftKey = (attemptId: string) => `pelita.cache.quiz-draft.${attemptId}`;

function readDraft(attemptId: string): Draft {
  try {
    return (JSON.parse(localStorage.getItem(draftKey(attemptId)) ?? '{}') as Draft) ?? {};
  } catch {
    return {};
  }
}

function writeDraft(attemptId: string, draft: Draft | null): void {
  try {
    if (draft) localStorage.setItem(draftKey(attemptId), JSON.stringify(draft));
    else localStorage.removeItem(draftKey(attemptId));
  } catch {
    // Storage refused: the answers live as long as the page.
  }
}

const answered = (question: Question, draft: Draft) =>
  question.kind === 'SHORT_ANSWER' ? !!draft[question.id]?.text?.trim() : (draft[question.id]?.optionIds?.length ?? 0) > 0;

/**
 * A QUIZ material (pre-test, post-test or practice) in the player: the learner's standing, an
 * attempt started on the server, its questions (only what the API shows a learner: prompts and
 * options, never which are correct), and the score the server graded.
 */
export function QuizPanel({ auth, materialId, onSessionEnded }: { auth: Auth; materialId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useQuery(auth, QuizQuery, { materialId }, onSessionEnded);
  // What the last hand-in answered: the graded attempt and the quiz's standing after it.
  const [handedIn, setHandedIn] = useState<{ attempt: AttemptSummaryFragment; quiz: QuizStandingFragment } | null>(null);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const failed = (error: unknown, conflictText: string) => {
    if (error instanceof SessionEnded) return onSessionEnded();
    setProblem(error instanceof OfflineError ? t.quizOffline : error instanceof ApiError && error.code === 'CONFLICT' ? conflictText : t.somethingWrong);
  };

  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const data = await auth.run(StartQuizAttemptMutation, { materialId });
      setHandedIn(null);
      setAttempt(data.startQuizAttempt);
    } catch (error) {
      failed(error, t.quizCannotStart);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (answers: QuizAnswerInput[]) => {
    if (!attempt) return;
    setBusy(true);
    setProblem(null);
    try {
      const data = await auth.run(SubmitQuizAttemptMutation, { attemptId: attempt.id, answers });
      writeDraft(attempt.id, null);
      const { quiz, ...graded } = data.submitQuizAttempt;
      setHandedIn({ attempt: graded, quiz });
      setAttempt(null);
    } catch (error) {
      // Too late or already handed in: the attempt is over; the standing shows what counts now.
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        writeDraft(attempt.id, null);
        setAttempt(null);
        reload();
      }
      failed(error, t.quizTooLate);
    } finally {
      setBusy(false);
    }
  };

  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const quiz = handedIn?.quiz ?? loaded.data.material?.quiz;
  if (!quiz) return <p class="notice">{t.quizEmpty}</p>;
  return (
    <div class="quiz">
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {attempt ? (
        <AttemptForm key={attempt.id} attempt={attempt} busy={busy} onSubmit={submit} />
      ) : (
        <>
          {handedIn && <GradedAttempt attempt={handedIn.attempt} quiz={quiz} />}
          <Standing quiz={quiz} busy={busy} onStart={start} />
        </>
      )}
    </div>
  );
}

/** The score of the attempt just handed in, read out and focused so the learner hears it at once. */
function GradedAttempt({ attempt, quiz }: { attempt: AttemptSummaryFragment; quiz: QuizStandingFragment }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [attempt.id]);
  const preTest = quiz.purpose === 'PRE_TEST';
  return (
    <section class={`card graded ${attempt.passed || preTest ? 'passed' : 'failed'}`} role="status" data-testid="quiz-result">
      <h2 ref={ref} tabIndex={-1}>
        {t.quizYourScore(n(attempt.percent ?? 0))}
      </h2>
      <p>{t.quizPoints(n(attempt.score ?? 0), n(attempt.maxScore ?? 0))}</p>
      <p class="big">{preTest ? t.quizPreTestDone : attempt.passed ? t.quizPassed : t.quizNotPassed(n(quiz.passMark))}</p>
    </section>
  );
}

/** The quiz's rules, the learner's result and attempts so far, and the button to start (or go on). */
function Standing({ quiz, busy, onStart }: { quiz: QuizStandingFragment; busy: boolean; onStart: () => void }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const result = quiz.myResult;
  const attempts = quiz.myAttempts;
  const open = attempts.find((attempt) => attempt.status === 'IN_PROGRESS' && !attempt.expired);
  const submitted = attempts.filter((attempt) => attempt.status === 'SUBMITTED');
  const counted = quiz.scorePolicy === 'BEST' ? result?.bestPercent : result?.lastPercent;
  const left = result?.attemptsLeft;
  const canStart = !!open || left === null || left === undefined || left > 0;
  const preTest = quiz.purpose === 'PRE_TEST';
  return (
    <>
      <section class="card">
        <h2 class="h3">{t.quizPurpose[quiz.purpose]}</h2>
        {preTest && <p class="muted">{t.quizPreTestNote}</p>}
        <dl class="facts">
          <dt>{t.quizPassMark}</dt>
          <dd>{`${n(quiz.passMark)}%`}</dd>
          <dt>{t.quizTimeLimit}</dt>
          <dd>{quiz.timeLimitSeconds ? t.minutes(n(Math.round(quiz.timeLimitSeconds / 60))) : t.quizNoTimeLimit}</dd>
          <dt>{t.quizAttemptsAllowed}</dt>
          <dd>{quiz.maxAttempts ? n(quiz.maxAttempts) : t.quizUnlimited}</dd>
        </dl>
      </section>

      {submitted.length > 0 && result && (
        <section class="card" aria-labelledby="quiz-standing" data-testid="quiz-standing">
          <h2 id="quiz-standing" class="h3">
            {t.quizStandingHeading}
          </h2>
          <p>
            <strong>{preTest ? t.quizPreTestDone : result.passed ? t.quizPassed : t.quizNotPassed(n(quiz.passMark))}</strong>
          </p>
          {counted !== null && counted !== undefined && <p>{t.quizCountedScore[quiz.scorePolicy](n(counted))}</p>}
          <p data-testid="quiz-attempts-left">{left === null || left === undefined ? t.quizUnlimitedLeft : t.quizAttemptsLeft(n(left))}</p>
          <ol class="attempts">
            {attempts.map((attempt) => (
              <li key={attempt.id}>
                {t.quizAttemptLine(
                  n(attempt.number),
                  attempt.status === 'SUBMITTED'
                    ? `${n(attempt.percent ?? 0)}% · ${preTest ? t.quizHandedIn : attempt.passed ? t.quizPassedShort : t.quizNotPassedShort}`
                    : attempt.expired
                      ? t.quizExpired
                      : t.quizInProgress,
                )}
              </li>
            ))}
          </ol>
        </section>
      )}

      {canStart ? (
        <p>
          <button type="button" class="primary" disabled={busy} onClick={onStart}>
            {busy ? t.quizStarting : open ? t.quizResume(n(open.number)) : submitted.length === 0 ? t.quizStart : t.quizAgain}
          </button>
        </p>
      ) : (
        <p class="notice">{t.quizNoAttemptsLeft}</p>
      )}
    </>
  );
}

/** One attempt's questions as a form; the answers are kept on the device until handed in. */
function AttemptForm({ attempt, busy, onSubmit }: { attempt: Attempt; busy: boolean; onSubmit: (answers: QuizAnswerInput[]) => void }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const [draft, setDraft] = useState<Draft>(() => readDraft(attempt.id));
  // Handing in with questions left open asks once more (they score nothing).
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const update = (questionId: string, answer: Draft[string]) => {
    const next = { ...draft, [questionId]: answer };
    setDraft(next);
    setConfirming(false);
    writeDraft(attempt.id, next);
  };
  const open = attempt.questions.filter((question) => !answered(question, draft)).length;

  const handIn = (event: Event) => {
    event.preventDefault();
    if (open > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    const answers = attempt.questions
      .filter((question) => answered(question, draft))
      .map((question) =>
        question.kind === 'SHORT_ANSWER' ? { questionId: question.id, text: draft[question.id].text!.trim() } : { questionId: question.id, optionIds: draft[question.id].optionIds! },
      );
    onSubmit(answers);
  };

  return (
    <form class="stack" onSubmit={handIn} aria-labelledby="attempt-heading">
      <div class="row">
        <h2 id="attempt-heading" ref={heading} tabIndex={-1}>
          {t.quizAttemptHeading(n(attempt.number))}
        </h2>
        {attempt.deadlineAt && <Countdown deadline={attempt.deadlineAt} />}
      </div>
      <ol class="questions">
        {attempt.questions.map((question, index) => (
          <li key={question.id} class="card">
            <QuestionField question={question} number={index + 1} answer={draft[question.id]} onChange={(answer) => update(question.id, answer)} />
          </li>
        ))}
      </ol>
      {confirming && (
        <p class="notice" role="alert">
          {t.quizUnanswered(n(open))}
        </p>
      )}
      <p class="muted small" aria-live="polite">
        {t.quizAnsweredCount(n(attempt.questions.length - open), n(attempt.questions.length))}
      </p>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t.quizSubmitting : confirming ? t.quizSubmitAnyway : t.quizSubmit}
      </button>
    </form>
  );
}

function QuestionField({ question, number, answer, onChange }: { question: Question; number: number; answer: Draft[string] | undefined; onChange: (answer: Draft[string]) => void }) {
  const { t, language } = useUi();
  const name = `q-${question.id}`;
  const intro = (
    <span class="muted small question-number">
      {t.quizQuestionNumber(formatNumber(language, number), formatNumber(language, question.points))}
    </span>
  );
  if (question.kind === 'SHORT_ANSWER') {
    return (
      <label class="question">
        {intro}
        <span class="prompt">{question.prompt}</span>
        <input type="text" name={name} autoComplete="off" value={answer?.text ?? ''} onInput={(event) => onChange({ text: (event.currentTarget as HTMLInputElement).value })} />
      </label>
    );
  }
  const multiple = question.kind === 'MULTIPLE_CHOICE';
  const chosen = answer?.optionIds ?? [];
  const choose = (optionId: string, checked: boolean) =>
    onChange({ optionIds: multiple ? (checked ? [...chosen, optionId] : chosen.filter((id) => id !== optionId)) : [optionId] });
  return (
    <fieldset class="question">
      <legend>
        {intro}
        <span class="prompt">{question.prompt}</span>
        {multiple && <span class="muted small hint">{t.quizChooseAll}</span>}
      </legend>
      {question.options.map((option) => (
        <label key={option.id} class="choice">
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={name}
            value={option.id}
            checked={chosen.includes(option.id)}
            onChange={(event) => choose(option.id, (event.currentTarget as HTMLInputElement).checked)}
          />
          <span>{option.text}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Time left in the attempt; says so once, politely, when a minute is left. */
function Countdown({ deadline }: { deadline: string }) {
  const { t } = useUi();
  const end = Date.parse(deadline);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((end - now) / 1000));
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <>
      <span class={seconds <= 60 ? 'timer ending' : 'timer'} role="timer" aria-label={t.quizTimeLeft(clock)}>
        {clock}
      </span>
      <span class="visually-hidden" aria-live="polite">
        {seconds <= 60 ? (seconds === 0 ? t.quizTimeUp : t.quizLastMinute) : ''}
      </span>
    </>
  );
}
