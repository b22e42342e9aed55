import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { AppConfig } from './app-config';
import { QueryCounter } from './db/query-counter';
import type { JobQueue } from './jobs/queue';
import { authenticate, type Caller } from './modules/auth/authenticate';
import type { AccessTokens } from './modules/auth/tokens';
import { createAttendanceLoaders } from './modules/attendance/attendance.loader';
import { createAssignmentLoaders } from './modules/assignment/assignment.loader';
import { createCertificateLoaders } from './modules/certificate/certificate.loader';
import { createCoachingLoaders } from './modules/coaching/coaching.loader';
import { createCohortSessionLoaders } from './modules/classroom/cohort-session.loader';
import { createCohortLoaders } from './modules/cohort/cohort.loader';
import { createCommentLoaders } from './modules/comment/comment.loader';
import { createCourseLoaders } from './modules/course/course.loader';
import { createEnrollmentLoaders } from './modules/enrollment/enrollment.loader';
import { createOrganizationLoaders } from './modules/organization/organization.loader';
import { createProgressLoaders } from './modules/progress/progress.loader';
import { createQuizLoaders } from './modules/quiz/quiz.loader';
import { createSeminarLoaders } from './modules/seminar/seminar.loader';
import { createSubmissionLoaders } from './modules/submission/submission.loader';
import { createEvaluationLoaders } from './modules/evaluation/evaluation.loader';
import { createUploadLoaders } from './modules/files/upload.loader';
import type { ObjectStorage } from './storage/storage.port';

/** Long-lived collaborators shared by all requests of one API process (no request state). */
export interface AppServices {
  config: AppConfig;
  logger: Logger;
  orm: MikroORM;
  storage: ObjectStorage;
  accessTokens: AccessTokens;
  /** Enqueues background jobs (the worker runs them, inline or in its own process). */
  jobs: JobQueue;
}

export interface Context {
  app: AppServices;
  /** The request's own unit of work; services use nothing else. */
  em: EntityManager;
  caller?: Caller;
  loaders: ReturnType<typeof createLoaders>;
  requestId: string;
  clientIp: string;
  logger: Logger;
  queryCounter: QueryCounter;
}

function createLoaders(em: EntityManager) {
  return {
    ...createOrganizationLoaders(em),
    ...createUploadLoaders(em),
    ...createCourseLoaders(em),
    ...createCohortLoaders(em),
    ...createCohortSessionLoaders(em),
    ...createEnrollmentLoaders(em),
    ...createProgressLoaders(em),
    ...createCertificateLoaders(em),
    ...createQuizLoaders(em),
    ...createAssignmentLoaders(em),
    ...createSubmissionLoaders(em),
    ...createEvaluationLoaders(em),
    ...createCoachingLoaders(em),
    ...createCommentLoaders(em),
    ...createSeminarLoaders(em),
    ...createAttendanceLoaders(em),
  };
}

export async function createContext(
  app: AppServices,
  request: { requestId: string; clientIp: string; authorization?: string; logger: Logger },
): Promise<Context> {
  const queryCounter = new QueryCounter();
  const em = app.orm.em.fork({ loggerContext: { requestId: request.requestId, queryCounter } });
  const caller = await authenticate(app.accessTokens, em, request.authorization);
  return {
    app,
    em,
    caller,
    loaders: createLoaders(em),
    requestId: request.requestId,
    clientIp: request.clientIp,
    logger: request.logger,
    queryCounter,
  };
}
