import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  CommentOnSubmissionMutation,
  CompleteSubmissionUploadMutation,
  LearnerAssignmentQuery,
  RequestSubmissionUploadMutation,
  SubmitAssignmentMutation,
} from '../api/assignment-operations';
import { ApiError, OfflineError } from '../api/client';
import { type Auth, SessionEnded } from '../api/session';
import { contentTypeOf, UploadCancelled, type UploadProgress, UploadFailed, uploadFile } from '../api/upload';
import { useUi } from '../context';
import type { LearnerAssignmentQuery as AssignmentData, LearnerCommentFragment, LearnerSubmissionFileFragment, LearnerSubmissionFragment } from '../gql/graphql';
import { formatBytes, formatNumber, type Messages } from '../i18n';
import { Markdown } from './markdown';
import { formatMoment } from './seminars';
import { LoadStatus, Meter } from './status';
import type { Loaded } from './use-query';

type Assignment = NonNullable<NonNullable<AssignmentData['material']>['assignment']>;
type Submission = LearnerSubmissionFragment;

/** Under the cache prefix: logging out forgets both (they are personal). */
const CACHE_PREFIX = 'pelita.cache.';
const answerKey = (materialId: string) => `${CACHE_PREFIX}assignment.${materialId}`;
const draftKey = (materialId: string) => `${CACHE_PREFIX}assignment-draft.${materialId}`;

function readStored<T>(key: string): T | undefined {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? undefined;
  } catch {
    return undefined;
  }
}

function store(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused: it lives as long as the page.
  }
}

/** A UUID v4 for clientSubmissionId; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Short names for the types an assignment may take (SUBMISSION_CONTENT_TYPES on the server). */
const TYPE_NAMES: Record<string, { name: string; extensions: string[] }> = {
  'application/pdf': { name: 'PDF', extensions: ['.pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { name: 'DOCX', extensions: ['.docx'] },
  'application/vnd.oasis.opendocument.text': { name: 'ODT', extensions: ['.odt'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { name: 'PPTX', extensions: ['.pptx'] },
  'application/vnd.oasis.opendocument.presentation': { name: 'ODP', extensions: ['.odp'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { name: 'XLSX', extensions: ['.xlsx'] },
  'application/vnd.oasis.opendocument.spreadsheet': { name: 'ODS', extensions: ['.ods'] },
  'image/png': { name: 'PNG', extensions: ['.png'] },
  'image/jpeg': { name: 'JPG', extensions: ['.jpg', '.jpeg'] },
  'image/webp': { name: 'WEBP', extensions: ['.webp'] },
  'video/mp4': { name: 'MP4', extensions: ['.mp4'] },
};
const typeNames = (types: string[]) => types.map((type) => TYPE_NAMES[type]?.name ?? type.split('/').pop()!.toUpperCase()).join(', ');
const acceptOf = (types: string[]) => types.flatMap((type) => [type, ...(TYPE_NAMES[type]?.extensions ?? [])]).join(',');


/** What to tell the learner when a request failed; the server's own words follow for bad input. */
function failureText(t: Messages, error: unknown): string {
  if (error instanceof OfflineError) return t.assignmentOffline;
  if (error instanceof UploadFailed) return error.reason === 'offline' ? t.assignmentUploadCut : t.assignmentUploadRefused;
  if (error instanceof ApiError) {
    if (error.code === 'CONFLICT') return t.assignmentConflict;
    if (error.code === 'FORBIDDEN') return t.assignmentForbidden;
    if (error.code === 'BAD_USER_INPUT') return `${t.assignmentRejected} ${error.message}`;
  }
  return t.somethingWrong;
}

/**
 * The assignment and the learner's attempts, loaded again after each hand-in or reply while the
 * last answer stays on screen (a form being filled in is not thrown away). The answer is kept on
 * the device, so the brief and the review can be read offline.
 */
function useAssignment(auth: Auth, materialId: string, onSessionEnded: () => void) {
  const [loaded, setLoaded] = useState<Loaded<AssignmentData>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    auth.run(LearnerAssignmentQuery, { materialId }).then(
      (data) => {
        store(answerKey(materialId), data);
        if (current) setLoaded({ state: 'done', data });
      },
      (error: unknown) => {
        if (!current) return;
        if (error instanceof SessionEnded) return onSessionEnded();
        setLoaded((before) => {
          if (before.state === 'done') return { ...before, stale: error instanceof OfflineError };
          const kept = error instanceof OfflineError ? readStored<AssignmentData>(answerKey(materialId)) : undefined;
          return kept ? { state: 'done', data: kept, stale: true } : { state: error instanceof OfflineError ? 'offline' : 'error' };
        });
      },
    );
    return () => {
      current = false;
    };
  }, [auth, materialId, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [loaded, reload] as const;
}

/** Past the hard deadline no work is taken (the server answers CONFLICT): say so instead of offering the form. */
function closed(assignment: Assignment, now: number): boolean {
  if (assignment.latePolicy === 'REFUSE_LATE') return !!assignment.dueAt && Date.parse(assignment.dueAt) < now;
  if (assignment.latePolicy === 'ACCEPT_UNTIL_CLOSE') return !!assignment.closesAt && Date.parse(assignment.closesAt) < now;
  return false;
}

/**
 * An ASSIGNMENT material in the player: the brief, rules and rubric; the learner's latest attempt
 * with the instructor's review and their conversation; the hand-in (text and files sent straight
 * to the store with a progress bar, resumable); and earlier attempts. The server decides
 * completion: the material completes when a review accepts the work.
 */
export function AssignmentPanel({ auth, materialId, onSessionEnded }: { auth: Auth; materialId: string; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useAssignment(auth, materialId, onSessionEnded);
  const [handedIn, setHandedIn] = useState(false);
  // After a hand-in, focus goes to the new state once the attempt is loaded again (read out at once).
  const focusState = useRef(false);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!focusState.current || loaded.state !== 'done') return;
    focusState.current = false;
    status.current?.focus();
  }, [loaded]);

  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const assignment = loaded.data.material?.assignment;
  if (!assignment) return <p class="notice">{t.assignmentEmpty}</p>;
  const submissions = assignment.mySubmissions;
  const latest = submissions[submissions.length - 1];
  const earlier = submissions.slice(0, -1).reverse();
  const n = (value: number) => formatNumber(language, value);
  const isClosed = closed(assignment, Date.now());
  const canHandIn = latest?.status !== 'ACCEPTED' && !isClosed;

  const form = canHandIn && (
    <HandInForm
      key={latest?.id ?? 'first'}
      auth={auth}
      materialId={materialId}
      assignment={assignment}
      latest={latest}
      onSessionEnded={onSessionEnded}
      onHandedIn={() => {
        setHandedIn(true);
        focusState.current = true;
        reload();
      }}
    />
  );

  return (
    <div class="assignment">
      {loaded.stale && (
        <p class="notice" role="status">
          {t.staleData}
        </p>
      )}
      <p ref={status} tabIndex={-1} class={`assignment-state ${latest ? latest.status.toLowerCase() : 'none'}`} role="status" data-testid="assignment-state">
        {handedIn && latest?.status === 'AWAITING_REVIEW' ? `${t.assignmentSubmitted} ` : ''}
        {latest ? t.assignmentStatusNote[latest.status] : t.assignmentNotYet}
      </p>
      <Brief assignment={assignment} folded={!!latest} />
      {latest && (
        <section aria-labelledby="assignment-work">
          <h2 id="assignment-work">{t.assignmentYourWork}</h2>
          <AttemptCard submission={latest} maxScore={assignment.maxScore} auth={auth} onSessionEnded={onSessionEnded} onChanged={reload} />
        </section>
      )}
      {isClosed && latest?.status !== 'ACCEPTED' && <p class="notice">{t.assignmentClosed}</p>}
      {form &&
        (latest?.status === 'AWAITING_REVIEW' ? (
          <details class="card assignment-replace">
            <summary>{t.assignmentReplaceSummary}</summary>
            <p class="small muted">{t.assignmentReplaceNote}</p>
            {form}
          </details>
        ) : (
          form
        ))}
      {earlier.length > 0 && (
        <details class="assignment-earlier">
          <summary>{t.assignmentEarlier(n(earlier.length))}</summary>
          {earlier.map((submission) => (
            <AttemptCard key={submission.id} submission={submission} maxScore={assignment.maxScore} auth={auth} onSessionEnded={onSessionEnded} onChanged={reload} />
          ))}
        </details>
      )}
    </div>
  );
}

/**
 * What to do, by when, what may be handed in, and how it is marked. Once work is handed in it
 * folds away, so on a phone the review and the thread come first.
 */
function Brief({ assignment, folded }: { assignment: Assignment; folded: boolean }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const types = assignment.allowedContentTypes;
  const content = (
    <>
      <div class="prose">
        <Markdown source={assignment.instructions} />
      </div>
      <dl class="facts stacked">
        <dt>{t.assignmentDue}</dt>
        <dd data-testid="assignment-due">{assignment.dueAt ? formatMoment(language, assignment.dueAt) : t.assignmentNoDue}</dd>
        {assignment.dueAt && (
          <>
            <dt>{t.assignmentLateHeading}</dt>
            <dd>{t.assignmentLatePolicy[assignment.latePolicy]}</dd>
          </>
        )}
        {assignment.latePolicy === 'ACCEPT_UNTIL_CLOSE' && assignment.closesAt && (
          <>
            <dt>{t.assignmentClosesAt}</dt>
            <dd>{formatMoment(language, assignment.closesAt)}</dd>
          </>
        )}
        <dt>{t.assignmentMaxScore}</dt>
        <dd>{n(assignment.maxScore)}</dd>
        <dt>{t.assignmentWhat}</dt>
        <dd>
          {assignment.allowText && <span class="block">{t.assignmentWhatText}</span>}
          {types.length > 0 && <span class="block">{t.assignmentWhatFiles(typeNames(types), formatBytes(language, assignment.maxFileBytes), n(assignment.maxFiles))}</span>}
        </dd>
      </dl>
      {assignment.rubric.length > 0 && (
        <>
          <h3>{t.assignmentRubricHeading}</h3>
          <ol class="rubric">
            {assignment.rubric.map((criterion) => (
              <li key={criterion.id}>
                <strong>{t.assignmentCriterion(criterion.title, n(criterion.maxPoints))}</strong>
                {criterion.description && <p class="small muted">{criterion.description}</p>}
                <ul class="small">
                  {criterion.levels.map((level) => (
                    <li key={level.id}>
                      {t.assignmentLevel(level.title, n(level.points))}
                      {level.description ? ` — ${level.description}` : ''}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
  if (folded)
    return (
      <details class="card brief">
        <summary>{t.assignmentBriefHeading}</summary>
        {content}
      </details>
    );
  return (
    <section class="card brief" aria-labelledby="assignment-brief">
      <h2 id="assignment-brief" class="h3">
        {t.assignmentBriefHeading}
      </h2>
      {content}
    </section>
  );
}

function FileLinks({ files }: { files: LearnerSubmissionFileFragment[] }) {
  const { t, language } = useUi();
  if (!files.length) return null;
  return (
    <ul class="plain files">
      {files.map((file) => (
        <li key={file.id}>
          {file.downloadUrl ? (
            <a href={file.downloadUrl} target="_blank" rel="noopener noreferrer">
              {t.openFile(file.filename, formatBytes(language, file.size))} <span class="muted">{t.newTab}</span>
            </a>
          ) : (
            `${file.filename} (${formatBytes(language, file.size)})`
          )}
        </li>
      ))}
    </ul>
  );
}

/** One attempt: what was handed in, its reviews (score, rubric levels, feedback, files) and the thread. */
function AttemptCard({ submission, maxScore, auth, onSessionEnded, onChanged }: { submission: Submission; maxScore: number; auth: Auth; onSessionEnded: () => void; onChanged: () => void }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const headingId = `attempt-${submission.id}`;
  return (
    <article class={`card attempt ${submission.status.toLowerCase()}`} aria-labelledby={headingId} data-testid={`attempt-${submission.number}`}>
      <h3 id={headingId}>{t.assignmentAttempt(n(submission.number))}</h3>
      <p>
        <span class={`tag submission-${submission.status.toLowerCase()}`} data-testid="submission-status">
          {t.assignmentStatus[submission.status]}
        </span>
        {submission.late && <span class="tag late">{t.assignmentLate}</span>}
      </p>
      <p class="small muted">{t.assignmentSubmittedAt(formatMoment(language, submission.submittedAt))}</p>
      {submission.text ? (
        <div class="prose work">
          <Markdown source={submission.text} />
        </div>
      ) : (
        <p class="muted small">{t.assignmentNoText}</p>
      )}
      <FileLinks files={submission.files.filter((file) => file.purpose === 'WORK')} />
      {submission.reviews.length === 0 ? (
        submission.status === 'AWAITING_REVIEW' && <p class="muted small">{t.assignmentNoReview}</p>
      ) : (
        <ul class="plain reviews">
          {submission.reviews.map((review) => (
            <li key={review.id} class={`review ${review.decision ? review.decision.toLowerCase() : 'feedback'}`} data-testid="review">
              <p class="small muted">{t.assignmentReviewBy(review.reviewer.name, formatMoment(language, review.createdAt))}</p>
              <p>
                <strong>{review.decision ? t.assignmentDecision[review.decision] : t.assignmentFeedbackOnly}</strong>
                {review.score !== null && review.score !== undefined && ` · ${t.assignmentScore(n(review.score), n(maxScore))}`}
              </p>
              {review.rubricScores.length > 0 && (
                <ul class="small">
                  {review.rubricScores.map((score) => (
                    <li key={score.criterionId}>{t.assignmentRubricScore(score.criterion ?? '—', score.level ?? '—', n(score.points))}</li>
                  ))}
                </ul>
              )}
              {review.comment && (
                <div class="prose">
                  <Markdown source={review.comment} />
                </div>
              )}
              {review.feedbackFile && (
                <>
                  <p class="small">{t.assignmentFeedbackFile}</p>
                  <FileLinks files={[review.feedbackFile]} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <Thread submission={submission} auth={auth} onSessionEnded={onSessionEnded} onChanged={onChanged} />
    </article>
  );
}

/** The attempt's conversation with its instructors, oldest first, and a reply. */
function Thread({ submission, auth, onSessionEnded, onChanged }: { submission: Submission; auth: Auth; onSessionEnded: () => void; onChanged: () => void }) {
  const { t, language } = useUi();
  // A reply shows at once, before the attempt is loaded again.
  const [sent, setSent] = useState<LearnerCommentFragment[]>([]);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const known = new Set(submission.comments.map((comment) => comment.id));
  const comments = [...submission.comments, ...sent.filter((comment) => !known.has(comment.id))];
  const headingId = `thread-${submission.id}`;
  const fieldId = `reply-${submission.id}`;

  const send = async (event: Event) => {
    event.preventDefault();
    const text = body.trim();
    if (!text || busy) return;
    setBusy(true);
    setProblem(null);
    setDone(false);
    try {
      const data = await auth.run(CommentOnSubmissionMutation, { submissionId: submission.id, body: text });
      setSent((before) => [...before, data.commentOnSubmission]);
      setBody('');
      setDone(true);
      onChanged();
    } catch (error) {
      if (error instanceof SessionEnded) return onSessionEnded();
      setProblem(failureText(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="thread" aria-labelledby={headingId} data-testid="thread">
      <h4 id={headingId}>{t.assignmentThreadHeading}</h4>
      {comments.length === 0 && <p class="muted small">{t.assignmentThreadEmpty}</p>}
      <ol class="plain comments">
        {comments.map((comment) => {
          const mine = comment.author.id === submission.learner.id;
          return (
            <li key={comment.id} class={mine ? 'comment mine' : 'comment'}>
              <p class="small muted">
                <strong>{mine ? t.assignmentYou : comment.author.name}</strong>
                {`, ${formatMoment(language, comment.createdAt)}`}
                {comment.editedAt ? ` ${t.assignmentEdited}` : ''}
              </p>
              <div class="prose">
                <Markdown source={comment.body} />
              </div>
            </li>
          );
        })}
      </ol>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <p class="visually-hidden" aria-live="polite">
        {done ? t.assignmentReplySent : ''}
      </p>
      <form class="stack" onSubmit={send}>
        <label for={fieldId}>{t.assignmentReplyLabel}</label>
        <textarea id={fieldId} rows={3} maxLength={10_000} required value={body} onInput={(event) => setBody((event.currentTarget as HTMLTextAreaElement).value)} />
        <button type="submit" class="secondary" disabled={busy}>
          {busy ? t.assignmentReplySending : t.assignmentReplySend}
        </button>
      </form>
    </section>
  );
}

/** One file of the hand-in: being sent, sent (with its id from completeSubmissionUpload), or stopped. */
interface Entry {
  key: string;
  name: string;
  size: number;
  file?: File;
  fileId?: string;
  /** Kept from an earlier attempt (the schema lets fileIds name those). */
  fromAttempt?: number;
  progress?: UploadProgress;
  error?: unknown;
  busy: boolean;
}

/**
 * Text and files for a new attempt. Each file goes to the store as soon as it is chosen, through
 * the same resumable upload as the instructor's (`api/upload.ts`): after a dropped connection
 * *Lanjutkan unggahan* sends only what is missing. A revision starts from the last attempt's text
 * and files. One clientSubmissionId per hand-in: a retry after a lost answer gives the same attempt.
 */
function HandInForm({
  auth,
  materialId,
  assignment,
  latest,
  onSessionEnded,
  onHandedIn,
}: {
  auth: Auth;
  materialId: string;
  assignment: Assignment;
  latest: Submission | undefined;
  onSessionEnded: () => void;
  onHandedIn: () => void;
}) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const [text, setText] = useState(() => readStored<string>(draftKey(materialId)) ?? latest?.text ?? '');
  const [entries, setEntries] = useState<Entry[]>(() =>
    (latest?.files ?? [])
      .filter((file) => file.purpose === 'WORK' && assignment.allowedContentTypes.includes(file.contentType))
      .slice(0, assignment.maxFiles)
      .map((file) => ({ key: file.id, name: file.filename, size: file.size, fileId: file.id, fromAttempt: latest!.number, busy: false })),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [pickProblem, setPickProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new id whenever what would be handed in changes; the same one for a plain retry.
  const clientId = useRef(newClientId());
  const picker = useRef<HTMLInputElement>(null);
  const alive = useRef(true);
  // Uploads on their way, by entry: removing a file (or leaving the screen) stops its upload, so a
  // wrong file picked on a weak link does not go on using it.
  const uploads = useRef(new Map<string, AbortController>());
  useEffect(
    () => () => {
      alive.current = false;
      for (const upload of uploads.current.values()) upload.abort();
    },
    [],
  );
  const revision = latest?.status === 'NEEDS_REVISION';
  const types = assignment.allowedContentTypes;
  const headingId = `hand-in-${materialId}`;
  const textId = `hand-in-text-${materialId}`;
  const fileId = `hand-in-file-${materialId}`;
  const pastDue = assignment.dueAt && Date.parse(assignment.dueAt) < Date.now();

  const update = (key: string, change: Partial<Entry>) => {
    if (alive.current) setEntries((before) => before.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
  };

  const send = async (entry: Entry) => {
    if (!entry.file) return;
    const file = entry.file;
    update(entry.key, { busy: true, error: undefined });
    const upload = new AbortController();
    uploads.current.set(entry.key, upload);
    try {
      const answer = await uploadFile({
        file,
        signal: upload.signal,
        // The same file picked again after a reload resumes where it stopped.
        memoryKey: `submission.${materialId}.${file.name}.${file.size}.${file.lastModified}`,
        onProgress: (progress) => update(entry.key, { progress }),
        request: async (declared) => (await auth.run(RequestSubmissionUploadMutation, { materialId, file: declared })).requestSubmissionUpload,
        complete: async (uploadId) => (await auth.run(CompleteSubmissionUploadMutation, { materialId, uploadId })).completeSubmissionUpload,
      });
      update(entry.key, { busy: false, fileId: answer.id });
    } catch (error) {
      if (error instanceof SessionEnded) return onSessionEnded();
      // Removed while on its way: the row is gone already.
      if (error instanceof UploadCancelled) return;
      update(entry.key, { busy: false, error });
    } finally {
      if (uploads.current.get(entry.key) === upload) uploads.current.delete(entry.key);
    }
  };

  const pick = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = Array.from(input.files ?? []);
    input.value = '';
    setPickProblem(null);
    setProblem(null);
    const room = assignment.maxFiles - entries.length;
    const problems: string[] = [];
    if (chosen.length > room) problems.push(t.assignmentTooManyFiles(n(assignment.maxFiles)));
    const added: Entry[] = [];
    for (const file of chosen.slice(0, Math.max(0, room))) {
      if (!types.includes(contentTypeOf(file).toLowerCase())) problems.push(`${file.name}: ${t.assignmentFileWrongType(typeNames(types))}`);
      else if (file.size > assignment.maxFileBytes) problems.push(`${file.name}: ${t.assignmentFileTooBig(formatBytes(language, assignment.maxFileBytes))}`);
      else added.push({ key: newClientId(), name: file.name, size: file.size, file, busy: true });
    }
    if (problems.length) setPickProblem(problems.join(' '));
    if (!added.length) return;
    clientId.current = newClientId();
    setEntries((before) => [...before, ...added]);
    added.forEach((entry) => void send(entry));
  };

  const remove = (key: string) => {
    uploads.current.get(key)?.abort();
    clientId.current = newClientId();
    setEntries((before) => before.filter((entry) => entry.key !== key));
    picker.current?.focus();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const body = assignment.allowText ? text.trim() : '';
    const ready = entries.filter((entry) => entry.fileId);
    if (entries.some((entry) => !entry.fileId)) return setProblem(t.assignmentWaitUploads);
    if (!body && !ready.length) return setProblem(t.assignmentNothing);
    setBusy(true);
    setProblem(null);
    try {
      await auth.run(SubmitAssignmentMutation, {
        materialId,
        input: { text: body || null, fileIds: ready.map((entry) => entry.fileId!), clientSubmissionId: clientId.current },
      });
      store(draftKey(materialId), undefined);
      clientId.current = newClientId();
      onHandedIn();
    } catch (error) {
      if (error instanceof SessionEnded) return onSessionEnded();
      if (alive.current) setProblem(failureText(t, error));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const uploading = entries.some((entry) => entry.busy);
  return (
    <section class="card hand-in" aria-labelledby={headingId}>
      <h2 id={headingId} class="h3">
        {revision ? t.assignmentRevisionHeading : t.assignmentHandInHeading}
      </h2>
      {pastDue && assignment.latePolicy !== 'REFUSE_LATE' && <p class="notice small">{t.assignmentLateWarning}</p>}
      <form class="stack" onSubmit={submit} noValidate>
        {assignment.allowText && (
          <div class="field">
            <label for={textId}>{t.assignmentTextLabel}</label>
            <p class="small muted" id={`${textId}-hint`}>
              {t.assignmentTextHint}
            </p>
            <textarea
              id={textId}
              rows={6}
              maxLength={100_000}
              aria-describedby={`${textId}-hint`}
              value={text}
              onInput={(event) => {
                const value = (event.currentTarget as HTMLTextAreaElement).value;
                setText(value);
                clientId.current = newClientId();
                store(draftKey(materialId), value);
              }}
            />
          </div>
        )}
        {types.length > 0 && (
          <div class="field">
            <label for={fileId}>{t.assignmentFileLabel}</label>
            <p class="small muted" id={`${fileId}-hint`}>
              {t.assignmentFileHint(typeNames(types), formatBytes(language, assignment.maxFileBytes), n(assignment.maxFiles))}
            </p>
            <input
              id={fileId}
              ref={picker}
              type="file"
              accept={acceptOf(types)}
              multiple={assignment.maxFiles > 1}
              disabled={entries.length >= assignment.maxFiles || busy}
              aria-describedby={`${fileId}-hint`}
              onChange={pick}
            />
            {pickProblem && (
              <p class="error small" role="alert">
                {pickProblem}
              </p>
            )}
            {entries.length > 0 && (
              <>
                <h3 class="small">{t.assignmentFilesHeading}</h3>
                <ul class="plain upload-list">
                  {entries.map((entry) => (
                    <FileRow key={entry.key} entry={entry} onResume={() => void send(entry)} onRemove={() => remove(entry.key)} />
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy || uploading}>
          {busy ? t.assignmentSubmitting : revision ? t.assignmentSubmitRevision : t.assignmentSubmit}
        </button>
      </form>
    </section>
  );
}

/** A file of the hand-in with its bar: hashing, sending, verifying, then *Terunggah*; or why it stopped. */
function FileRow({ entry, onResume, onRemove }: { entry: Entry; onResume: () => void; onRemove: () => void }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const progress = entry.progress;
  const done = !!entry.fileId;
  const percent = done ? 100 : progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
  const text = done
    ? t.assignmentUploadDone
    : !progress
      ? t.assignmentUploadHashing('0')
      : progress.phase === 'hashing'
        ? t.assignmentUploadHashing(n(Math.floor(percent)))
        : progress.phase === 'sending'
          ? t.assignmentUploadSending(formatBytes(language, progress.done), formatBytes(language, progress.total), n(Math.floor(percent)))
          : t.assignmentUploadVerifying;
  const resumable = !!entry.file && (entry.error instanceof UploadFailed || entry.error instanceof OfflineError);
  return (
    <li class="upload-row" data-testid="upload-row">
      <p class="name">
        <strong>{entry.name}</strong> <span class="muted small">{formatBytes(language, entry.size)}</span>
        {entry.fromAttempt !== undefined && <span class="muted small">{` · ${t.assignmentFromAttempt(n(entry.fromAttempt))}`}</span>}
      </p>
      {entry.fromAttempt === undefined && !entry.error && <Meter percent={percent} label={t.assignmentUploadLabel(entry.name)} text={text} />}
      {!entry.error && entry.fromAttempt === undefined && (
        <p class="small" data-testid="upload-state">
          {text}
        </p>
      )}
      {/* Only the end is announced; the bar itself carries the running percent. */}
      <p class="visually-hidden" aria-live="polite">
        {done && entry.fromAttempt === undefined ? `${entry.name}: ${t.assignmentUploadDone}` : ''}
      </p>
      {entry.error !== undefined && (
        <p class="error small" role="alert">
          {failureText(t, entry.error)}
        </p>
      )}
      <div class="button-row">
        {resumable && !entry.busy && (
          <button type="button" class="primary" onClick={onResume}>
            {t.assignmentUploadResume}
          </button>
        )}
        <button type="button" class="secondary" onClick={onRemove} aria-label={t.assignmentRemoveLabel(entry.name)}>
          {t.assignmentRemove}
        </button>
      </div>
    </li>
  );
}
