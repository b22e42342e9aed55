import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, ErrorCode, forbidden } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { completeCoursesOfMaterialsIfDone } from '../completion/course-completion.service';
import type { MaterialKind } from '../material/material.entity';
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
} from './progress.rules';
import { placeholders } from '../../db/sql';
import { materialFactsOf } from './progress.loader';


/**
 * Stores a device's batch of events once each and folds the new ones into material progress.
 * Every event gets its own outcome; only a batch over the limit is refused as a whole.
 */
export async function recordProgress(ctx: Context, input: ProgressEventInput[]): Promise<RecordProgressResult> {
  const caller = ctx.caller;
  if (!canRecordProgress(caller)) throw forbidden('Only a signed-in person records learning progress');
  if (input.length > MAX_EVENTS_PER_BATCH) throw badField('events', `A batch holds at most ${MAX_EVENTS_PER_BATCH} events`);

  // PostgreSQL answers UUIDs in lower case; compare in that form, answer with the client's.
  const events = input.map((event) => ({ ...event, id: event.id.toLowerCase(), materialId: event.materialId.toLowerCase() }));
  const results: ProgressEventResult[] = input.map((event) => ({ id: event.id, outcome: ProgressEventOutcome.APPLIED }));
  const refuse = (index: number, code: ErrorCode, message: string) => {
    results[index] = { id: input[index].id, outcome: ProgressEventOutcome.REFUSED, code, message };
  };

  const now = new Date();
  events.forEach((event, index) => {
    const problem = eventProblem(event, now);
    if (problem) refuse(index, ErrorCode.BAD_USER_INPUT, problem);
  });
  const placeOf = await refuseWithoutAccess(ctx, caller.userId, events, results, refuse);

  const accepted = events.map((event, index) => ({ event, index })).filter(({ index }) => results[index].outcome !== ProgressEventOutcome.REFUSED);
  if (accepted.length) {
    await inTransaction(ctx, async (tx) => {
      const materialIds = [...new Set(accepted.map(({ event }) => event.materialId))];
      await lockProgressOf(tx, caller.userId, materialIds);
      // An offline device may send a whole module and the next one in one batch: events of a
      // module the batch itself unlocks are taken in the next round, the rest stay MODULE_LOCKED.
      let waiting = accepted;
      const changed = new Set<string>();
      for (;;) {
        const locked = await lockedModules(tx, caller.userId, waiting.map(({ event }) => placeOf.get(event.materialId)!));
        const open = waiting.filter(({ event }) => !locked.has(placeOf.get(event.materialId)!.moduleId));
        waiting = waiting.filter(({ event }) => locked.has(placeOf.get(event.materialId)!.moduleId));
        if (!open.length) break;
        const inserted = await insertNew(tx, caller.userId, open.map(({ event }) => event));
        await classifyReplays(tx, caller.userId, open, inserted, results, refuse);
        const folded = [...new Set(open.filter(({ event, index }) => inserted.has(event.id) && results[index].outcome === ProgressEventOutcome.APPLIED).map(({ event }) => event.materialId))];
        if (folded.length) await foldIntoProgress(tx, caller.userId, folded);
        folded.forEach((id) => changed.add(id));
        if (!waiting.length || !folded.length) break;
      }
      for (const { index } of waiting) refuse(index, ErrorCode.MODULE_LOCKED, 'The module is locked until its prerequisite module is complete');
      await completeCoursesOfMaterialsIfDone(tx, caller.userId, [...changed]);
    });
  }

  const count = (outcome: ProgressEventOutcome) => results.filter((result) => result.outcome === outcome).length;
  return {
    results,
    applied: count(ProgressEventOutcome.APPLIED),
    duplicates: count(ProgressEventOutcome.DUPLICATE),
    refused: count(ProgressEventOutcome.REFUSED),
  };
}

/** Where a material sits: its course, its module and the module's prerequisite. */
interface MaterialPlace {
  courseId: string;
  moduleId: string;
  prerequisiteId: string | null;
}

/**
 * Course state and the learner's enrolment for every material of the batch, in one query;
 * answers where each material sits, for the module lock.
 */
async function refuseWithoutAccess(
  ctx: Context,
  userId: string,
  events: ProgressEventInput[],
  results: ProgressEventResult[],
  refuse: (index: number, code: ErrorCode, message: string) => void,
): Promise<Map<string, MaterialPlace>> {
  const materialIds = [...new Set(events.map((event) => event.materialId).filter(isUuid))];
  const rows = materialIds.length
    ? await ctx.em.execute<
        { material_id: string; course_id: string; module_id: string; prerequisite_id: string | null; course_status: string; enrollment_status: string | null }[]
      >(
        `SELECT m.id AS material_id, c.id AS course_id, cm.id AS module_id, cm.prerequisite_id,
                c.status AS course_status, e.status AS enrollment_status
           FROM materials m
           JOIN course_modules cm ON cm.id = m.module_id
           JOIN courses c ON c.id = cm.course_id
           LEFT JOIN enrollments e ON e.course_id = c.id AND e.user_id = ?
          WHERE m.id IN (${placeholders(materialIds.length)})`,
        [userId, ...materialIds],
      )
    : [];
  const access = new Map(rows.map((row) => [row.material_id, progressRefusal({ courseStatus: row.course_status, enrollmentStatus: row.enrollment_status })]));
  events.forEach((event, index) => {
    if (results[index].outcome === ProgressEventOutcome.REFUSED) return;
    const refusal = access.get(event.materialId);
    if (refusal === undefined) refuse(index, ErrorCode.NOT_FOUND, 'Material not found');
    else if (refusal) refuse(index, refusal.code, refusal.message);
  });
  return new Map(rows.map((row) => [row.material_id, { courseId: row.course_id, moduleId: row.module_id, prerequisiteId: row.prerequisite_id }]));
}

/**
 * The modules (of those given) still locked for the learner, judged by the same rule as quizzes
 * and downloads, on progress read inside the batch's transaction (so it sees what the batch folded).
 */
async function lockedModules(tx: Context, userId: string, places: MaterialPlace[]): Promise<Set<string>> {
  const withPrerequisite = places.filter((place) => place.prerequisiteId);
  if (!withPrerequisite.length) return new Set();
  const courseIds = [...new Set(withPrerequisite.map((place) => place.courseId))];
  const factsOf = new Map((await materialFactsOf(tx.em, userId, courseIds)).map((facts, i) => [courseIds[i], facts]));
  return new Set(withPrerequisite.filter((place) => isModuleLocked(factsOf.get(place.courseId)!, place.prerequisiteId)).map((place) => place.moduleId));
}

/**
 * Serialises folding per learner and material, so two devices syncing at once cannot each fold
 * without the other's events; locks are taken in one order to rule out deadlocks.
 */
async function lockProgressOf(tx: Context, userId: string, materialIds: string[]) {
  await tx.em.execute(
    `SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtextextended(?::text || ':' || m, 0) AS k
       FROM (VALUES ${materialIds.map(() => '(?::text)').join(', ')}) AS materials (m) ORDER BY 1) AS keys`,
    [userId, ...materialIds],
  );
}

/** One multi-row insert; the ids it answers are the events stored now, the rest existed already. */
async function insertNew(tx: Context, userId: string, events: ProgressEventInput[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const firsts = events.filter((event) => (seen.has(event.id) ? false : seen.add(event.id)));
  const rows = await tx.em.execute<{ id: string }[]>(
    `INSERT INTO progress_events (id, user_id, material_id, kind, occurred_at, position_seconds, duration_seconds)
     VALUES ${firsts.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    firsts.flatMap((event) => [event.id, userId, event.materialId, event.kind, event.occurredAt, event.position ?? null, event.duration ?? null]),
  );
  return new Set(rows.map((row) => row.id));
}

interface StoredEvent {
  id: string;
  user_id: string;
  material_id: string;
  kind: ProgressEventKind;
  occurred_at: Date;
  position_seconds: number | null;
  duration_seconds: number | null;
}

/**
 * Events not inserted now (or repeated within the batch) are compared with what is stored: the
 * same content is a harmless replay, anything else reuses an id and is a conflict.
 */
async function classifyReplays(
  tx: Context,
  userId: string,
  accepted: { event: ProgressEventInput; index: number }[],
  inserted: Set<string>,
  results: ProgressEventResult[],
  refuse: (index: number, code: ErrorCode, message: string) => void,
) {
  const firstIndex = new Map<string, number>();
  const replays = accepted.filter(({ event, index }) => {
    if (!firstIndex.has(event.id)) firstIndex.set(event.id, index);
    return !inserted.has(event.id) || firstIndex.get(event.id) !== index;
  });
  if (!replays.length) return;
  const ids = [...new Set(replays.map(({ event }) => event.id))];
  const stored = await tx.em.execute<StoredEvent[]>(
    `SELECT id, user_id, material_id, kind, occurred_at, position_seconds, duration_seconds FROM progress_events WHERE id IN (${placeholders(ids.length)})`,
    ids,
  );
  const byId = new Map(stored.map((row) => [row.id, row]));
  for (const { event, index } of replays) {
    const row = byId.get(event.id);
    const same =
      row &&
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

interface SummaryRow {
  material_id: string;
  material_kind: MaterialKind;
  furthest: number | null;
  duration: number | null;
  time_on_task: number;
  first_at: Date;
  last_at: Date;
  completed_event_at: Date | null;
  opened: boolean;
  watched_at: Date | null;
}

/**
 * Recomputes each touched material from all its stored events (so late, out-of-order events
 * fall into place), then upserts with a monotonic merge: whatever order batches commit in,
 * completion, the furthest point and time on task never go back. (least() skips NULLs, so the
 * first heartbeat, which has no gap, is filtered out rather than counted as a full cap.)
 */
async function foldIntoProgress(tx: Context, userId: string, materialIds: string[]) {
  const rows = await tx.em.execute<SummaryRow[]>(
    `SELECT e.material_id, m.kind AS material_kind,
            max(e.position_seconds) AS furthest,
            (array_agg(e.duration_seconds ORDER BY e.occurred_at DESC, e.id DESC) FILTER (WHERE e.duration_seconds IS NOT NULL))[1] AS duration,
            coalesce(sum(least(e.gap, ?::float8)) FILTER (WHERE e.gap IS NOT NULL), 0) AS time_on_task,
            min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at,
            min(e.occurred_at) FILTER (WHERE e.kind = 'COMPLETED') AS completed_event_at,
            coalesce(bool_or(e.kind <> 'COMPLETED'), false) AS opened,
            min(e.occurred_at) FILTER (WHERE e.duration_seconds > 0 AND e.position_seconds >= ?::float8 * e.duration_seconds) AS watched_at
       FROM (SELECT pe.*,
                    CASE WHEN pe.kind <> 'COMPLETED'
                         THEN extract(epoch FROM pe.occurred_at - lag(pe.occurred_at) OVER heartbeats)::float8 END AS gap
               FROM progress_events pe
              WHERE pe.user_id = ? AND pe.material_id IN (${placeholders(materialIds.length)})
             WINDOW heartbeats AS (PARTITION BY pe.material_id, pe.kind <> 'COMPLETED' ORDER BY pe.occurred_at, pe.id)) AS e
       JOIN materials m ON m.id = e.material_id
      GROUP BY e.material_id, m.kind`,
    [HEARTBEAT_GAP_CAP_SECONDS, WATCHED_SHARE, userId, ...materialIds],
  );
  const folded = rows.map((row) => ({ materialId: row.material_id, state: progressFromSummary(toSummary(row)) }));
  await tx.em.execute(
    `INSERT INTO material_progress AS mp (user_id, material_id, status, furthest_position_seconds, duration_seconds,
                                         time_on_task_seconds, first_event_at, last_event_at, completed_at)
     VALUES ${folded.map(() => '(?, ?, ?, ?, ?::float8, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz)').join(', ')}
     ON CONFLICT (user_id, material_id) DO UPDATE SET
       status = CASE WHEN mp.status = 'COMPLETED' OR excluded.status = 'COMPLETED' THEN 'COMPLETED' ELSE excluded.status END,
       furthest_position_seconds = GREATEST(mp.furthest_position_seconds, excluded.furthest_position_seconds),
       duration_seconds = coalesce(excluded.duration_seconds, mp.duration_seconds),
       time_on_task_seconds = GREATEST(mp.time_on_task_seconds, excluded.time_on_task_seconds),
       first_event_at = LEAST(mp.first_event_at, excluded.first_event_at),
       last_event_at = GREATEST(mp.last_event_at, excluded.last_event_at),
       completed_at = LEAST(mp.completed_at, excluded.completed_at)`,
    folded.flatMap(({ materialId, state }) => [
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
  );
}

function toSummary(row: SummaryRow): EventSummary {
  const date = (value: Date | null) => (value ? new Date(value) : null);
  return {
    materialKind: row.material_kind,
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
