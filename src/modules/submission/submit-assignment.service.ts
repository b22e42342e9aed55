import { LockMode, ref } from '@mikro-orm/core';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, badInput, conflict } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { checkHandIn, submissionTiming } from '../assignment/assignment.rules';
import type { Course } from '../course/course.entity';
import type { Enrollment } from '../enrollment/enrollment.entity';
import { StoredFile } from '../files/stored-file.embeddable';
import { NotificationKind } from '../notification/notification.entity';
import { notify } from '../notification/notification.service';
import { assignmentForLearner } from './submission-access.service';
import { Submission, SubmissionStatus } from './submission.entity';
import { SubmissionFile, SubmissionFilePurpose } from './submission-file.entity';
import type { SubmissionInput } from './submission.inputs';

/**
 * Hands in a new attempt. Everything is decided under one lock per learner and assignment, so
 * two hand-ins at once get consecutive numbers and exactly one attempt awaits review; a retry
 * with the same clientSubmissionId answers the attempt it made instead of making another.
 */
export async function submitAssignment(ctx: Context, materialId: string, input: SubmissionInput): Promise<Submission> {
  const work = await assignmentForLearner(ctx, materialId);
  const { assignment, userId, material } = work;
  const clientSubmissionId = input.clientSubmissionId?.toLowerCase() ?? null;
  if (clientSubmissionId && !isUuid(clientSubmissionId)) throw badField('input.clientSubmissionId', 'clientSubmissionId must be a UUID made by the client');
  const { problems, text, fileIds } = checkHandIn(assignment, input);
  if (fileIds.some((id) => !isUuid(id))) problems.push({ field: 'input.fileIds', message: 'fileIds are ids from completeSubmissionUpload' });
  if (problems.length) throw badInput(problems);

  return inTransaction(ctx, async (tx) => {
    // raw SQL: a transaction-scoped advisory lock (pg_advisory_xact_lock), which the ORM has no API for
    await tx.em.execute(`SELECT pg_advisory_xact_lock(hashtextextended(?::text, 0))`, [`submission:${userId}:${material.id}`]);
    if (clientSubmissionId) {
      const earlier = await tx.em.findOne(Submission, { learner: userId, assignment: material.id, clientSubmissionId });
      if (earlier) return earlier;
    }
    const now = new Date();
    const timing = submissionTiming(assignment, now);
    if (!timing.taken) throw conflict(timing.reason, 'materialId');
    const attempts = await tx.em.find(Submission, { learner: userId, assignment: material.id }, { orderBy: { number: 'asc' }, refresh: true });
    if (attempts.some((attempt) => attempt.status === SubmissionStatus.ACCEPTED)) throw conflict('This assignment was already accepted', 'materialId');

    // Locked: storage cleanup removes files never handed in, and must not take one being attached now.
    const files = fileIds.length
      ? await tx.em.find(
          SubmissionFile,
          { id: { $in: fileIds }, owner: userId, assignment: material.id, purpose: SubmissionFilePurpose.WORK },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        )
      : [];
    const unknown = fileIds.filter((id) => !files.some((file) => file.id === id));
    if (unknown.length) throw badField('input.fileIds', `Not your verified files for this assignment: ${unknown.join(', ')}`);

    for (const attempt of attempts) {
      if (attempt.status === SubmissionStatus.AWAITING_REVIEW) attempt.status = SubmissionStatus.SUPERSEDED;
    }
    const submission = tx.em.create(Submission, {
      assignment: material.id,
      learner: userId,
      enrollment: work.enrollment.id,
      number: (attempts.at(-1)?.number ?? 0) + 1,
      clientSubmissionId: clientSubmissionId ?? undefined,
      text: text ?? undefined,
      late: timing.late,
      submittedAt: now,
    });
    fileIds.forEach((id, position) => {
      const file = files.find((candidate) => candidate.id === id)!;
      if (!file.submission) {
        file.submission = ref(submission);
        file.position = position;
      } else {
        // Already part of an earlier attempt: that attempt keeps its row, this one gets a copy of the same bytes.
        tx.em.create(SubmissionFile, {
          assignment: material.id,
          owner: userId,
          uploadedBy: file.uploadedBy,
          purpose: SubmissionFilePurpose.WORK,
          submission,
          position,
          file: Object.assign(new StoredFile(), file.file),
        });
      }
    });
    await tx.em.flush();
    await notify(
      tx,
      await reviewersOf(tx, work.enrollment, work.course),
      {
        kind: NotificationKind.SUBMISSION_WAITING,
        title: `Tugas "${material.title}" menunggu penilaian (percobaan ke-${submission.number}${timing.late ? ', terlambat' : ''})`,
        submissionId: submission.id,
        enrollmentId: work.enrollment.id,
        courseId: work.course.id,
      },
      userId,
    );
    return submission;
  });
}

/**
 * Who is told that work waits: the instructors of the learner's cohort, or, when there are
 * none (no cohort, or a cohort without instructors), the active instructors of the course's
 * organization, so no submission waits unseen.
 */
export async function reviewersOf(tx: Context, enrollment: Enrollment, course: Course): Promise<string[]> {
  if (enrollment.cohort) {
    // raw SQL: a join table that has no entity (cohort_instructors)
    const teaching = await tx.em.execute<{ user_id: string }[]>('SELECT user_id FROM cohort_instructors WHERE cohort_id = ?', [enrollment.cohort.id]);
    if (teaching.length) return teaching.map((row) => row.user_id);
  }
  // raw SQL: ids only, filtered on a Postgres array (= ANY(roles)), which the ORM's operators cannot express
  const authors = await tx.em.execute<{ id: string }[]>(
    `SELECT id FROM users WHERE organization_id = ? AND active AND 'INSTRUCTOR' = ANY(roles)`,
    [course.organization.id],
  );
  return authors.map((row) => row.id);
}
