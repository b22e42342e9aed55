import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Loaders, RequestFeatures } from './context';
import { createOrm, type MikroORM } from './db/orm';
import type { JobDefinition, PelitaModule } from './module';
import { apiKeyModule } from './modules/api-key/api-key.module';
import { attendanceModule } from './modules/attendance/attendance.module';
import { certificateModule } from './modules/certificate/certificate.module';
import { coachingModule } from './modules/coaching/coaching.module';
import { cohortModule } from './modules/cohort/cohort.module';
import { commentModule } from './modules/comment/comment.module';
import { authModule } from './modules/auth/auth.module';
import { courseModule } from './modules/course/course.module';
import { courseModuleModule } from './modules/course-module/course-module.module';
import { enrollmentModule } from './modules/enrollment/enrollment.module';
import { jpLedgerModule } from './modules/jp-ledger/jp-ledger.module';
import { learningModule } from './modules/learning/learning.module';
import { materialModule } from './modules/material/material.module';
import { notificationModule } from './modules/notification/notification.module';
import { organizationModule } from './modules/organization/organization.module';
import { progressModule } from './modules/progress/progress.module';
import { quizModule } from './modules/quiz/quiz.module';
import { reportModule } from './modules/report/report.module';
import { reviewQueueModule } from './modules/review-queue/review-queue.module';
import { assignmentModule } from './modules/assignment/assignment.module';
import { submissionModule } from './modules/submission/submission.module';
import { reviewModule } from './modules/review/review.module';
import { evaluationModule } from './modules/evaluation/evaluation.module';
import { seminarModule } from './modules/seminar/seminar.module';
import { calendarModule } from './modules/calendar/calendar.module';
import { classroomModule } from './modules/classroom/classroom.module';
import { courseCoverModule } from './modules/course/course-cover.module';
import { materialFilesModule } from './modules/material/material-files.module';
import { filesModule } from './modules/files/files.module';
import { removeSupersededVersions } from './modules/material/material-file.jobs';
import { removeUnusedSubmissionFiles } from './modules/submission/submission-file.jobs';
import { userModule } from './modules/user/user.module';
import { throttleModule } from './modules/throttle/throttle.module';
import { revokeAllSessions } from './modules/auth/auth.service';
import { authenticate } from './modules/auth/authenticate';
import type { RevokeSessions } from './identity';

/**
 * The features' own storage sweeps (superseded material versions, submission files nobody used),
 * run by the files kernel's cleanup after its own; the CLI's `storage:gc` runs the same.
 */
export const storageSweeps = { versions: removeSupersededVersions, submissionFiles: removeUnusedSubmissionFiles };

/**
 * Every feature module of the application. The assembly is the one place that names them all:
 * the kernel gets their parts from here, never by importing a module.
 *
 * The order is the one the resolvers were always loaded in (type-graphql orders the schema's
 * fields as their decorators ran), which keeps schema/schema.graphql byte for byte; the
 * modules' floors (which may import which) are in test/support/import-graph.ts.
 */
export const MODULES = [
  apiKeyModule,
  attendanceModule,
  certificateModule,
  coachingModule,
  cohortModule,
  commentModule,
  authModule,
  courseModule,
  courseModuleModule,
  enrollmentModule,
  jpLedgerModule,
  learningModule,
  materialModule,
  notificationModule,
  organizationModule,
  progressModule,
  quizModule,
  reportModule,
  reviewQueueModule,
  assignmentModule,
  submissionModule,
  reviewModule,
  evaluationModule,
  seminarModule,
  calendarModule,
  classroomModule,
  courseCoverModule,
  materialFilesModule,
  filesModule(storageSweeps),
  userModule,
  throttleModule,
] as const;

const modules: readonly PelitaModule[] = MODULES;

export const entities = modules.flatMap((module) => module.entities ?? []);
export const resolvers = modules.flatMap((module) => module.resolvers ?? []);
export const jobs: readonly JobDefinition[] = modules.flatMap((module) => module.jobs ?? []);

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;
/** The loaders the listed manifests build, all together. */
type BuiltLoaders = UnionToIntersection<ReturnType<NonNullable<(typeof MODULES)[number]['loaders']>>>;

/**
 * One request's loaders, from every manifest. Returning BuiltLoaders as Loaders is the compile-time
 * check that each loader a module declared (its `interface Loaders` merge) is built by a module
 * listed here; a typo in a loader's name is a compile error where it is used.
 */
function createLoaders(em: EntityManager): Loaders {
  const loaders: BuiltLoaders = Object.assign({}, ...modules.map((module) => module.loaders?.(em) ?? {}));
  return loaders;
}

export const requestFeatures: RequestFeatures = { authenticate, createLoaders };

/** auth/'s session revocation, for AppServices (user/ ends sessions without importing auth/). */
export const revokeSessions: RevokeSessions = revokeAllSessions;

/** The ORM over the kernel's and every module's entities. */
export function createPelitaOrm(databaseUrl: string, logger?: Logger): Promise<MikroORM> {
  return createOrm(databaseUrl, entities, logger);
}
