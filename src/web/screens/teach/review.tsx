import { useState } from 'preact/hooks';
import type { Auth } from '../../api/session';
import { TeachCommentOnSubmissionMutation, TeachReviewQueueQuery, TeachReviewSubmissionMutation, TeachSubmissionQuery } from '../../api/teach-operations';
import { useUi } from '../../context';
import type { ReviewDecision, TeachSubmissionQuery as ReviewSubmission } from '../../gql/graphql';
import { formatBytes, formatNumber, type Language, type Messages } from '../../i18n';
import { areaPath, onLinkClick } from '../../router';
import { Markdown } from '../markdown';
import { LoadStatus } from '../status';
import { FailureNote, formatDateTime, teachPaths, useAction, useFreshQuery } from './shared';

type Submission = NonNullable<ReviewSubmission['submission']>;


function waitingText(t: Messages, language: Language, seconds: number): string {
  const n = (value: number) => formatNumber(language, value);
  if (seconds < 3600) return t.teachWaitingUnderHour;
  if (seconds < 86_400) return t.teachWaitingHours(n(Math.floor(seconds / 3600)));
  return t.teachWaitingDays(n(Math.floor(seconds / 86_400)));
}

/** Attempts waiting for a decision in the cohorts the person teaches, oldest first. */
export function ReviewQueue({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useFreshQuery(auth, TeachReviewQueueQuery, { first: 50 }, onSessionEnded);
  return (
    <>
      <h1>{t.teachReviewQueueTitle}</h1>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' && (
        <>
          <p class="muted">{loaded.data.reviewQueue.totalCount ? t.teachReviewQueueCount(formatNumber(language, loaded.data.reviewQueue.totalCount)) : t.teachReviewQueueEmpty}</p>
          <ul class="plain" aria-label={t.teachReviewQueueTitle}>
            {loaded.data.reviewQueue.edges.map(({ node }) => (
              <li key={node.id} class="card">
                <h2 class="h3">
                  <a href={areaPath('teach', teachPaths.review(node.id))} onClick={onLinkClick} aria-label={t.teachReviewOpenLabel(node.learner.name, node.material.title)}>
                    {node.learner.name}
                  </a>
                </h2>
                <p class="small">
                  {node.material.title} · {node.course.title}
                  {node.cohort && (
                    <>
                      {' · '}
                      <a href={areaPath('teach', teachPaths.cohort(node.cohort.id))} onClick={onLinkClick} aria-label={t.teachCohortLinkLabel(node.cohort.name)}>
                        {node.cohort.name}
                      </a>
                    </>
                  )}
                </p>
                <span class="tag">{t.teachAttempt(formatNumber(language, node.number))}</span>
                {node.waitingSeconds !== null && node.waitingSeconds !== undefined && <span class="tag status-draft">{waitingText(t, language, node.waitingSeconds)}</span>}
                {node.late && <span class="tag status-archived">{t.teachLate}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** One attempt: the work, earlier reviews, grading by rubric or score, and the comment thread. */
export function ReviewScreen({ auth, submissionId, onSessionEnded }: { auth: Auth; submissionId: string; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useFreshQuery(auth, TeachSubmissionQuery, { id: submissionId }, onSessionEnded);
  const back = (
    <p>
      <a href={areaPath('teach', teachPaths.reviews)} onClick={onLinkClick}>
        {t.teachBackToQueue}
      </a>
    </p>
  );
  if (loaded.state !== 'done')
    return (
      <>
        {back}
        <LoadStatus loaded={loaded} onRetry={reload} />
      </>
    );
  const submission = loaded.data.submission;
  if (!submission)
    return (
      <>
        {back}
        <p class="card">{t.teachSubmissionNotFound}</p>
      </>
    );
  const work = submission.files.filter((file) => file.purpose === 'WORK');
  return (
    <>
      {back}
      <h1>{submission.learner.name}</h1>
      <p class="muted">
        {submission.material.title} · {submission.course.title}
        {submission.cohort && (
          <>
            {' · '}
            <a href={areaPath('teach', teachPaths.cohort(submission.cohort.id))} onClick={onLinkClick} aria-label={t.teachCohortLinkLabel(submission.cohort.name)}>
              {submission.cohort.name}
            </a>
          </>
        )}
      </p>
      <p>
        <span class="tag" data-testid="submission-status">
          {t.teachSubmissionStatus[submission.status]}
        </span>
        <span class="tag">{t.teachAttempt(formatNumber(language, submission.number))}</span>
        {submission.late && <span class="tag status-archived">{t.teachLate}</span>}
      </p>
      <section class="card" aria-labelledby="work-heading">
        <h2 id="work-heading" class="h3">
          {t.teachSubmittedWork(formatDateTime(language, submission.submittedAt))}
        </h2>
        {submission.text ? (
          <div class="prose">
            <Markdown source={submission.text} />
          </div>
        ) : (
          <p class="muted">{t.teachNoText}</p>
        )}
        {work.length > 0 && (
          <ul class="plain">
            {work.map((file) => (
              <li key={file.id}>
                {file.downloadUrl ? (
                  <a href={file.downloadUrl} target="_blank" rel="noopener">
                    {t.openFile(file.filename, formatBytes(language, file.size))} {t.newTab}
                  </a>
                ) : (
                  file.filename
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {submission.reviews.length > 0 && (
        <section class="card" aria-labelledby="reviews-heading">
          <h2 id="reviews-heading" class="h3">
            {t.teachEarlierReviews}
          </h2>
          <ul class="plain">
            {submission.reviews.map((review) => (
              <li key={review.id}>
                <p class="small">
                  <strong>{review.decision ? t.teachReviewDecision[review.decision] : t.teachFeedbackOnly}</strong>
                  {review.score !== null && review.score !== undefined ? ` · ${t.teachScoreOf(formatNumber(language, review.score), formatNumber(language, submission.assignment.maxScore))}` : ''}
                  {` · ${review.reviewer.name}, ${formatDateTime(language, review.createdAt)}`}
                </p>
                {review.rubricScores.length > 0 && (
                  <ul class="small">
                    {review.rubricScores.map((score) => (
                      <li key={score.criterionId}>{t.teachRubricScore(score.criterion ?? '—', score.level ?? '—', formatNumber(language, score.points))}</li>
                    ))}
                  </ul>
                )}
                {review.comment && (
                  <div class="prose">
                    <Markdown source={review.comment} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ReviewForm submission={submission} auth={auth} onSessionEnded={onSessionEnded} onReviewed={reload} />
      <CommentThread submission={submission} auth={auth} onSessionEnded={onSessionEnded} onCommented={reload} />
    </>
  );
}

function ReviewForm({ submission, auth, onSessionEnded, onReviewed }: { submission: Submission; auth: Auth; onSessionEnded: () => void; onReviewed: () => void }) {
  const { t, language } = useUi();
  const { busy, error, run } = useAction(onSessionEnded);
  const [saved, setSaved] = useState(false);
  const awaiting = submission.status === 'AWAITING_REVIEW';
  const [chosen, setDecision] = useState<ReviewDecision | ''>('ACCEPTED');
  // Once decided, only feedback remains possible.
  const decision = awaiting ? chosen : '';
  const { rubric, maxScore } = submission.assignment;
  const n = (value: number) => formatNumber(language, value);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const choices = rubric.flatMap((criterion) => {
      const levelId = data.get(`criterion-${criterion.id}`);
      return typeof levelId === 'string' ? [{ criterionId: criterion.id, levelId }] : [];
    });
    const scoreValue = data.get('score');
    const comment = String(data.get('comment') ?? '').trim();
    const done = await run(() =>
      auth.run(TeachReviewSubmissionMutation, {
        submissionId: submission.id,
        input: {
          decision: decision || null,
          rubric: decision ? choices : [],
          score: decision && rubric.length === 0 && typeof scoreValue === 'string' && scoreValue !== '' ? Number(scoreValue) : null,
          comment: comment || null,
        },
      }),
    );
    if (!done) return;
    form.reset();
    setSaved(true);
    onReviewed();
  };
  const decisions: (ReviewDecision | '')[] = awaiting ? ['ACCEPTED', 'NEEDS_REVISION', ''] : [''];
  return (
    <section class="card" aria-labelledby="review-heading">
      <h2 id="review-heading" class="h3">
        {awaiting ? t.teachReviewHeading : t.teachFeedbackHeading}
      </h2>
      {saved && (
        <p class="notice" role="status">
          {t.teachReviewSaved}
        </p>
      )}
      <FailureNote error={error} />
      <form class="stack" onSubmit={submit}>
        {awaiting && (
          <fieldset class="teach-choices">
            <legend>{t.teachDecision}</legend>
            {decisions.map((value) => (
              <label key={value || 'none'} class="check">
                <input type="radio" name="decision" value={value} checked={decision === value} onChange={() => setDecision(value)} />
                {value ? t.teachReviewDecision[value] : t.teachFeedbackOnly}
              </label>
            ))}
          </fieldset>
        )}
        {decision &&
          rubric.map((criterion) => (
            <fieldset key={criterion.id} class="teach-choices">
              <legend>{t.teachCriterion(criterion.title, n(criterion.maxPoints))}</legend>
              {criterion.description && <p class="small muted">{criterion.description}</p>}
              {criterion.levels.map((level) => (
                <label key={level.id} class="check">
                  <input type="radio" name={`criterion-${criterion.id}`} value={level.id} required />
                  {t.teachLevel(level.title, n(level.points))}
                </label>
              ))}
            </fieldset>
          ))}
        {decision && rubric.length === 0 && (
          <label>
            {t.teachScore(n(maxScore))}
            <input name="score" type="number" min={0} max={maxScore} step="any" required inputMode="decimal" />
          </label>
        )}
        <label>
          {t.teachReviewComment}
          <textarea name="comment" rows={4} required={!decision} />
        </label>
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t.teachSaving : decision ? t.teachSaveReview : t.teachSendFeedback}
        </button>
      </form>
    </section>
  );
}

function CommentThread({ submission, auth, onSessionEnded, onCommented }: { submission: Submission; auth: Auth; onSessionEnded: () => void; onCommented: () => void }) {
  const { t, language } = useUi();
  const { busy, error, run } = useAction(onSessionEnded);
  const send = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body) return;
    if (await run(() => auth.run(TeachCommentOnSubmissionMutation, { submissionId: submission.id, body }))) {
      form.reset();
      onCommented();
    }
  };
  return (
    <section class="card" aria-labelledby="comments-heading">
      <h2 id="comments-heading" class="h3">
        {t.teachComments}
      </h2>
      {submission.comments.length === 0 && <p class="muted small">{t.teachNoComments}</p>}
      <ul class="plain" aria-live="polite">
        {submission.comments.map((comment) => (
          <li key={comment.id} class="teach-comment">
            <p class="small muted">
              {comment.author.name}, {formatDateTime(language, comment.createdAt)}
            </p>
            <div class="prose">
              <Markdown source={comment.body} />
            </div>
          </li>
        ))}
      </ul>
      <FailureNote error={error} />
      <form class="stack" onSubmit={send}>
        <label>
          {t.teachNewComment}
          <textarea name="body" rows={3} required maxLength={10_000} />
        </label>
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t.teachSaving : t.teachSendComment}
        </button>
      </form>
    </section>
  );
}
