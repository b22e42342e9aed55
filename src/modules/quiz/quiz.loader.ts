import { Reference, type Ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../graphql/loaders';
import { Quiz, QuizAttempt, QuizPurpose, QuizQuestion, type ScorePolicy } from './quiz.entity';
import { cohortGain, type CohortGain, effectivePercent, type Gain, learningGain } from './quiz.rules';
import { placeholders } from '../../db/sql';

/** Quiz's primary key is its material, so a reference to a quiz has no id of its own: its material's is the key. */
export function quizIdOf(ref: Ref<Quiz> | Quiz): string {
  return Reference.unwrapReference(ref as Quiz).material.id;
}

interface GainRow {
  purpose: QuizPurpose;
  score_policy: ScorePolicy;
  number: number;
  percent: number;
}

/** One learner's gain from their submitted pre- and post-test attempts in one course. */
function gainOf(rows: GainRow[]): Gain {
  const percentFor = (purpose: QuizPurpose) => {
    const attempts = rows.filter((row) => row.purpose === purpose);
    return attempts.length ? effectivePercent(attempts.map((row) => ({ number: row.number, percent: Number(row.percent) })), attempts[0].score_policy) : null;
  };
  return learningGain(percentFor(QuizPurpose.PRE_TEST), percentFor(QuizPurpose.POST_TEST));
}

function learnerQuizLoaders(em: EntityManager, userId: string) {
  return {
    attemptsByQuiz: new DataLoader<string, QuizAttempt[]>(async (quizIds) => {
      const ids = quizIds.filter(isUuid);
      const rows = ids.length ? await em.find(QuizAttempt, { user: userId, quiz: { $in: ids } }, { orderBy: { number: 'asc' } }) : [];
      return quizIds.map((id) => rows.filter((row) => quizIdOf(row.quiz) === id));
    }),
    /** Pre- and post-test results per course: one statement per tick, whatever the number of courses. */
    gainByCourse: new DataLoader<string, Gain>(async (courseIds) => {
      const ids = courseIds.filter(isUuid);
      const rows = ids.length
        // raw SQL: plain rows of a four-table join for the caller's pre/post results, one statement per DataLoader batch
        ? await em.execute<(GainRow & { course_id: string })[]>(
            `SELECT cm.course_id, q.purpose, q.score_policy, a.number, a.percent
               FROM quizzes q
               JOIN materials m ON m.id = q.material_id
               JOIN course_modules cm ON cm.id = m.module_id
               JOIN quiz_attempts a ON a.quiz_material_id = q.material_id AND a.user_id = ? AND a.status = 'SUBMITTED'
              WHERE q.purpose IN ('PRE_TEST', 'POST_TEST') AND cm.course_id IN (${placeholders(ids.length)})`,
            [userId, ...ids],
          )
        : [];
      return courseIds.map((courseId) => gainOf(rows.filter((row) => row.course_id === courseId)));
    }),
  };
}

export function createQuizLoaders(em: EntityManager) {
  const byLearner = new Map<string, ReturnType<typeof learnerQuizLoaders>>();
  return {
    quizByMaterial: new DataLoader<string, Quiz | null>(async (materialIds) => {
      const ids = materialIds.filter(isUuid);
      const rows = ids.length ? await em.find(Quiz, { material: { $in: ids } }) : [];
      const byMaterial = new Map(rows.map((row) => [row.material.id, row]));
      return materialIds.map((id) => byMaterial.get(id) ?? null);
    }),
    questionsByQuiz: new DataLoader<string, QuizQuestion[]>(async (quizIds) => {
      const ids = quizIds.filter(isUuid);
      const rows = ids.length ? await em.find(QuizQuestion, { quiz: { $in: ids } }, { orderBy: { position: 'asc' } }) : [];
      return quizIds.map((id) => rows.filter((row) => quizIdOf(row.quiz) === id));
    }),
    quizzesOf(userId: string) {
      let loaders = byLearner.get(userId);
      if (!loaders) {
        loaders = learnerQuizLoaders(em, userId);
        byLearner.set(userId, loaders);
      }
      return loaders;
    },
    /** Every enrolled learner's pre/post results of each cohort in one statement (withdrawn learners left out). */
    learningGainByCohort: new DataLoader<string, CohortGain>(async (cohortIds) => {
      const ids = cohortIds.filter(isUuid);
      const rows = ids.length
        // raw SQL: plain rows of a five-table join for every learner's pre/post results, one statement per DataLoader batch
        ? await em.execute<(GainRow & { cohort_id: string; user_id: string })[]>(
            `SELECT e.cohort_id, e.user_id, q.purpose, q.score_policy, a.number, a.percent
               FROM enrollments e
               JOIN course_modules cm ON cm.course_id = e.course_id
               JOIN materials m ON m.module_id = cm.id
               JOIN quizzes q ON q.material_id = m.id AND q.purpose IN ('PRE_TEST', 'POST_TEST')
               JOIN quiz_attempts a ON a.quiz_material_id = q.material_id AND a.user_id = e.user_id AND a.status = 'SUBMITTED'
              WHERE e.status <> 'WITHDRAWN' AND e.cohort_id IN (${placeholders(ids.length)})`,
            ids,
          )
        : [];
      return cohortIds.map((cohortId) => {
        const ofCohort = rows.filter((row) => row.cohort_id === cohortId);
        const learners = [...new Set(ofCohort.map((row) => row.user_id))];
        return cohortGain(learners.map((userId) => gainOf(ofCohort.filter((row) => row.user_id === userId))));
      });
    }),
  };
}
