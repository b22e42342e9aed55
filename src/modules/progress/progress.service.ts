import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, ErrorCode, forbidden } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { completeCoursesIfDone } from '../completion/course-completion.service';
import type { MaterialKind } from '../material/material.entity';
import { MaterialProgressStatus } from './material-progress.entity';
import type { ProgressEventKind } from './progress-event.entity';
import { ProgressEventOutcome, type ProgressEventInput, type ProgressEventResult, type RecordProgressResult } from './progress.inputs';
import { canRecordProgress, progressRefusal } from './progress.policy';
import {
  eventProblem,
  HEARTBEAT_GAP_CAP_SECONDS,
  isModuleLocked,
  MAX_EVENTS_PER_BATCH,
  progressFromSummary,
  sameEvent,
  WATCHED_SHARE,
  type EventSummary,
  type MaterialFact,
} from './progress.rules';
import { placeholders } from '../../db/sql';
import { materialFactsOf } from './progress.loader';

type Refuse = (index: number, code: ErrorCode, message: string) => void;

/**
 * Stores a device's batch of events once each and folds the new ones into material progress.
 * Every event gets its own outcome; only a batch over the limit is refused as a whole.
 *
 * Set-based: whatever the batch's size, one statement locks and loads the batch's materials
 * (with the learner's enrolments), one inserts the events and sums up the materials they touch,
 * one upserts material progress, and course completion runs only for materials completed now.
 * A replayed batch inserts nothing and stops after the insert.
 */
export async function recordProgress(ctx: Context, input: ProgressEventInput[]): Promise<RecordProgressResult> {
  const caller = ctx.caller;
  if (!canRecordProgress(caller)) throw forbidden('Only a signed-in person records learning progress');
  if (input.length > MAX_EVENTS_PER_BATCH) throw badField('events', `A batch holds at most ${MAX_EVENTS_PER_BATCH} events`);

  // PostgreSQL answers UUIDs in lower case; compare in that form, answer with the client's.
  const events = input.map((event) => ({ ...event, id: event.id.toLowerCase(), materialId: event.materialId.toLowerCase() }));
  const results: ProgressEventResult[] = input.map((event) => ({ id: event.id, outcome: ProgressEventOutcome.APPLIED }));
  const refuse: Refuse = (index, code, message) => {
    results[index] = { id: input[index].id, outcome: ProgressEventOutcome.REFUSED, code, message };
  };
  const pending = () => events.map((event, index) => ({ event, index })).filter(({ index }) => results[index].outcome !== ProgressEventOutcome.REFUSED);

  const now = new Date();
  events.forEach((event, index) => {
    const problem = eventProblem(event, now);
    if (problem) refuse(index, ErrorCode.BAD_USER_INPUT, problem);
  });
  const materialIds = [...new Set(pending().map(({ event }) => event.materialId))].filter(isUuid);
  if (materialIds.length) {
    await inTransaction(ctx, async (tx) => {
      const placeOf = await lockAndPlace(tx, caller.userId, materialIds);
      refuseWithoutAccess(events, results, placeOf, refuse);
      const accepted = pending();
      if (!accepted.length) return;
      const facts = await prerequisiteFacts(tx, caller.userId, accepted.map(({ event }) => placeOf.get(event.materialId)!));
      // An offline device may send a whole module and the next one in one batch: events of a
      // module the batch itself unlocks are taken in the next round, the rest stay MODULE_LOCKED.
      // Rounds happen only when the batch completes a prerequisite; the lock is judged in memory.
      let waiting = accepted;
      const completedNow = new Set<string>();
      for (;;) {
        const locked = (materialId: string) => {
          const place = placeOf.get(materialId)!;
          return !!place.prerequisiteId && isModuleLocked(facts.get(place.courseId) ?? [], place.prerequisiteId);
        };
        const open = waiting.filter(({ event }) => !locked(event.materialId));
        waiting = waiting.filter(({ event }) => locked(event.materialId));
        if (!open.length) break;
        const stored = await insertAndSummarize(tx, caller.userId, open.map(({ event }) => event));
        classifyReplays(caller.userId, open, stored, results, refuse);
        if (!stored.summaries.length) break;
        const folded = await foldIntoProgress(tx, caller.userId, stored.summaries, placeOf);
        for (const { materialId, completed, completedBefore } of folded) {
          if (!completed) continue;
          if (!completedBefore) completedNow.add(materialId);
          const fact = facts.get(placeOf.get(materialId)!.courseId)?.find((candidate) => candidate.materialId === materialId);
          if (fact) fact.completed = true;
        }
        if (!waiting.length) break;
      }
      for (const { index } of waiting) refuse(index, ErrorCode.MODULE_LOCKED, 'The module is locked until its prerequisite module is complete');
      // Only a material completed now can complete its course; a course needs nothing else from progress.
      await completeCoursesIfDone(tx, caller.userId, [...completedNow].map((materialId) => placeOf.get(materialId)!.courseId));
    });
  } else {
    refuseWithoutAccess(events, results, new Map(), refuse);
  }

  const count = (outcome: ProgressEventOutcome) => results.filter((result) => result.outcome === outcome).length;
  return {
    results,
    applied: count(ProgressEventOutcome.APPLIED),
    duplicates: count(ProgressEventOutcome.DUPLICATE),
    refused: count(ProgressEventOutcome.REFUSED),
  };
}

/** Where a material sits (its course, its module and the module's prerequisite), what it is, and the learner's access. */
interface MaterialPlace {
  materialKind: MaterialKind;
  courseId: string;
  moduleId: string;
  prerequisiteId: string | null;
  courseStatus: string;
  enrollmentStatus: string | null;
}

/**
 * Serialises folding per learner and material, so two devices syncing at once cannot each fold
 * without the other's events (locks are taken in one order to rule out deadlocks); in the same
 * statement, course state and the learner's enrolment for every material of the batch. Later
 * statements of the transaction see whatever a device holding these locks before committed.
 */
async function lockAndPlace(tx: Context, userId: string, materialIds: string[]): Promise<Map<string, MaterialPlace>> {
  // raw SQL: pg_advisory_xact_lock per (learner, material) in sorted order, in the same statement as the reads
  const rows = await tx.em.execute<
    {
      material_id: string;
      material_kind: MaterialKind;
      course_id: string;
      module_id: string;
      prerequisite_id: string | null;
      course_status: string;
      enrollment_status: string | null;
    }[]
  >(
    `WITH locks AS (
       SELECT count(pg_advisory_xact_lock(k)) AS taken FROM (SELECT hashtextextended(?::text || ':' || m, 0) AS k
         FROM (VALUES ${materialIds.map(() => '(?::text)').join(', ')}) AS materials (m) ORDER BY 1) AS keys)
     SELECT m.id AS material_id, m.kind AS material_kind, c.id AS course_id, cm.id AS module_id, cm.prerequisite_id,
            c.status AS course_status, e.status AS enrollment_status
       FROM locks
      CROSS JOIN materials m
       JOIN course_modules cm ON cm.id = m.module_id
       JOIN courses c ON c.id = cm.course_id
       LEFT JOIN enrollments e ON e.course_id = c.id AND e.user_id = ?
      WHERE m.id IN (${placeholders(materialIds.length)})`,
    [userId, ...materialIds, userId, ...materialIds],
  );
  return new Map(
    rows.map((row) => [
      row.material_id,
      {
        materialKind: row.material_kind,
        courseId: row.course_id,
        moduleId: row.module_id,
        prerequisiteId: row.prerequisite_id,
        courseStatus: row.course_status,
        enrollmentStatus: row.enrollment_status,
      },
    ]),
  );
}

function refuseWithoutAccess(events: ProgressEventInput[], results: ProgressEventResult[], placeOf: Map<string, MaterialPlace>, refuse: Refuse) {
  events.forEach((event, index) => {
    if (results[index].outcome === ProgressEventOutcome.REFUSED) return;
    const place = placeOf.get(event.materialId);
    const refusal = place && progressRefusal(place);
    if (!place) refuse(index, ErrorCode.NOT_FOUND, 'Material not found');
    else if (refusal) refuse(index, refusal.code, refusal.message);
  });
}

/**
 * What the module lock needs, read once after the locks: every material of the courses where a
 * material of the batch sits in a module with a prerequisite (none when no module has one).
 */
async function prerequisiteFacts(tx: Context, userId: string, places: MaterialPlace[]): Promise<Map<string, MaterialFact[]>> {
  const courseIds = [...new Set(places.filter((place) => place.prerequisiteId).map((place) => place.courseId))];
  if (!courseIds.length) return new Map();
  return new Map((await materialFactsOf(tx.em, userId, courseIds)).map((facts, i) => [courseIds[i], facts]));
}

interface StoredEvent {
  id: string;
  user_id: string;
  material_id: string;
  kind: ProgressEventKind;
  occurred_at: string;
  position_seconds: number | null;
  duration_seconds: number | null;
}

interface SummaryRow {
  material_id: string;
  furthest: number | null;
  duration: number | null;
  time_on_task: number;
  first_at: string;
  last_at: string;
  completed_event_at: string | null;
  opened: boolean;
  watched_at: string | null;
}

interface InsertOutcome {
  /** Ids stored by this statement. */
  inserted: Set<string>;
  /** Events stored before under ids of the batch that were not inserted now. */
  existing: Map<string, StoredEvent>;
  /** One per material an inserted event belongs to, over all its stored events. */
  summaries: SummaryRow[];
}

/**
 * One statement: a multi-row insert that skips ids stored before, the stored events those ids
 * already name (to tell a replay from a reused id), and a summary of every material that got a
 * new event, over its events stored before plus those inserted now. The summary recomputes from
 * all events (so late, out-of-order events fall into place); least() skips NULLs, so the first
 * heartbeat, which has no gap, is filtered out rather than counted as a full cap. Raw SQL: the
 * ORM has no data-modifying WITH, and the statement's snapshot does not see its own inserts, so
 * they are added to the stored events with UNION ALL.
 */
async function insertAndSummarize(tx: Context, userId: string, events: ProgressEventInput[]): Promise<InsertOutcome> {
  const seen = new Set<string>();
  const firsts = events.filter((event) => (seen.has(event.id) ? false : seen.add(event.id)));
  // raw SQL: a data-modifying WITH (INSERT … ON CONFLICT DO NOTHING RETURNING) and aggregates over it
  const [row] = await tx.em.execute<{ inserted: string[]; existing: StoredEvent[]; summaries: SummaryRow[] }[]>(
    `WITH input (id, material_id, kind, occurred_at, position_seconds, duration_seconds) AS (
       VALUES ${firsts.map(() => '(?::uuid, ?::uuid, ?::text, ?::timestamptz, ?::float8, ?::float8)').join(', ')}),
     ins AS (
       INSERT INTO progress_events (id, user_id, material_id, kind, occurred_at, position_seconds, duration_seconds)
       SELECT id, ?, material_id, kind, occurred_at, position_seconds, duration_seconds FROM input
       ON CONFLICT (id) DO NOTHING
       RETURNING id, material_id, kind, occurred_at, position_seconds, duration_seconds),
     learner_events AS (
       SELECT id, material_id, kind, occurred_at, position_seconds, duration_seconds FROM progress_events
        WHERE user_id = ? AND material_id IN (SELECT material_id FROM ins)
       UNION ALL
       SELECT id, material_id, kind, occurred_at, position_seconds, duration_seconds FROM ins),
     summaries AS (
       SELECT e.material_id,
              max(e.position_seconds) AS furthest,
              (array_agg(e.duration_seconds ORDER BY e.occurred_at DESC, e.id DESC) FILTER (WHERE e.duration_seconds IS NOT NULL))[1] AS duration,
              coalesce(sum(least(e.gap, ?::float8)) FILTER (WHERE e.gap IS NOT NULL), 0) AS time_on_task,
              min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at,
              min(e.occurred_at) FILTER (WHERE e.kind = 'COMPLETED') AS completed_event_at,
              coalesce(bool_or(e.kind <> 'COMPLETED'), false) AS opened,
              min(e.occurred_at) FILTER (WHERE e.duration_seconds > 0 AND e.position_seconds >= ?::float8 * e.duration_seconds) AS watched_at
         FROM (SELECT le.*,
                      CASE WHEN le.kind <> 'COMPLETED'
                           THEN extract(epoch FROM le.occurred_at - lag(le.occurred_at) OVER heartbeats)::float8 END AS gap
                 FROM learner_events le
               WINDOW heartbeats AS (PARTITION BY le.material_id, le.kind <> 'COMPLETED' ORDER BY le.occurred_at, le.id)) AS e
        GROUP BY e.material_id)
     SELECT (SELECT coalesce(json_agg(id), '[]') FROM ins) AS inserted,
            (SELECT coalesce(json_agg(pe), '[]') FROM (
               SELECT id, user_id, material_id, kind, occurred_at, position_seconds, duration_seconds
                 FROM progress_events WHERE id IN (SELECT id FROM input)) AS pe) AS existing,
            (SELECT coalesce(json_agg(s), '[]') FROM summaries s) AS summaries`,
    [
      ...firsts.flatMap((event) => [event.id, event.materialId, event.kind, event.occurredAt, event.position ?? null, event.duration ?? null]),
      userId,
      userId,
      HEARTBEAT_GAP_CAP_SECONDS,
      WATCHED_SHARE,
    ],
  );
  return { inserted: new Set(row.inserted), existing: new Map(row.existing.map((event) => [event.id, event])), summaries: row.summaries };
}

/**
 * An event inserted now is APPLIED. Any other (stored before, or repeated within the batch) is
 * compared with what is stored: the same content is a harmless replay, anything else reuses an
 * id and is a conflict. A repeat of an id inserted by this batch is compared with its first
 * occurrence, which is what was stored.
 */
function classifyReplays(
  userId: string,
  open: { event: ProgressEventInput; index: number }[],
  stored: InsertOutcome,
  results: ProgressEventResult[],
  refuse: Refuse,
) {
  const first = new Map<string, ProgressEventInput>();
  for (const { event, index } of open) {
    const firstOfId = first.get(event.id);
    if (!firstOfId) first.set(event.id, event);
    if (!firstOfId && stored.inserted.has(event.id)) continue;
    const row = stored.existing.get(event.id);
    const same = firstOfId && stored.inserted.has(event.id)
      ? sameEvent(event, firstOfId)
      : !!row &&
        row.user_id === userId &&
        sameEvent(event, {
          materialId: row.material_id,
          kind: row.kind,
          occurredAt: new Date(row.occurred_at),
          position: row.position_seconds,
          duration: row.duration_seconds,
        });
    if (same) results[index] = { ...results[index], outcome: ProgressEventOutcome.DUPLICATE };
    else refuse(index, ErrorCode.CONFLICT, 'This event id was already used for a different event');
  }
}

/**
 * Upserts each summed-up material with a monotonic merge: whatever order batches commit in,
 * completion, the furthest point and time on task never go back. Answers, per material,
 * whether it is completed and whether it was before (read in the same statement, under the
 * batch's locks), so only a completion that happened now goes on to the course.
 */
async function foldIntoProgress(
  tx: Context,
  userId: string,
  summaries: SummaryRow[],
  placeOf: Map<string, MaterialPlace>,
): Promise<{ materialId: string; completed: boolean; completedBefore: boolean }[]> {
  const folded = summaries.map((row) => ({ materialId: row.material_id, state: progressFromSummary(toSummary(row, placeOf.get(row.material_id)!.materialKind)) }));
  // raw SQL: a multi-row upsert with never-backwards merges, returning each row's status before and after
  const rows = await tx.em.execute<{ material_id: string; status: string; status_before: string | null }[]>(
    `WITH before AS (
       SELECT material_id, status FROM material_progress WHERE user_id = ? AND material_id IN (${placeholders(folded.length)})),
     merged AS (
       INSERT INTO material_progress AS mp (user_id, material_id, status, furthest_position_seconds, duration_seconds,
                                           time_on_task_seconds, first_event_at, last_event_at, completed_at)
       VALUES ${folded.map(() => '(?, ?, ?, ?, ?::float8, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz)').join(', ')}
       ON CONFLICT (user_id, material_id) DO UPDATE SET
         status = CASE WHEN mp.status = 'COMPLETED' OR excluded.status = 'COMPLETED' THEN 'COMPLETED' ELSE excluded.status END,
         furthest_position_seconds = GREATEST(mp.furthest_position_seconds, excluded.furthest_position_seconds),
         duration_seconds = coalesce(excluded.duration_seconds, mp.duration_seconds),
         time_on_task_seconds = GREATEST(mp.time_on_task_seconds, excluded.time_on_task_seconds),
         first_event_at = LEAST(mp.first_event_at, excluded.first_event_at),
         last_event_at = GREATEST(mp.last_event_at, excluded.last_event_at),
         completed_at = LEAST(mp.completed_at, excluded.completed_at)
       RETURNING material_id, status)
     SELECT merged.material_id, merged.status, before.status AS status_before
       FROM merged LEFT JOIN before ON before.material_id = merged.material_id`,
    [
      userId,
      ...folded.map(({ materialId }) => materialId),
      ...folded.flatMap(({ materialId, state }) => [
        userId,
        materialId,
        state.status,
        state.furthestPositionSeconds,
        state.durationSeconds,
        state.timeOnTaskSeconds,
        state.firstEventAt,
        state.lastEventAt,
        state.completedAt,
      ]),
    ],
  );
  return rows.map((row) => ({
    materialId: row.material_id,
    completed: row.status === MaterialProgressStatus.COMPLETED,
    completedBefore: row.status_before === MaterialProgressStatus.COMPLETED,
  }));
}

function toSummary(row: SummaryRow, materialKind: MaterialKind): EventSummary {
  const date = (value: string | null) => (value ? new Date(value) : null);
  return {
    materialKind,
    furthestPositionSeconds: row.furthest === null ? null : Number(row.furthest),
    durationSeconds: row.duration === null ? null : Number(row.duration),
    timeOnTaskSeconds: Number(row.time_on_task),
    firstEventAt: new Date(row.first_at),
    lastEventAt: new Date(row.last_at),
    completedEventAt: date(row.completed_event_at),
    opened: row.opened,
    watchedAt: date(row.watched_at),
  };
}
