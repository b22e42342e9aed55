import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from './graphql/input-guard';
import { resolvePlainFieldsByDefault } from './graphql/plain-fields';
import { type AuthChecker, buildSchema } from 'type-graphql';
import type { Context } from './context';
import { forbidden, unauthenticated } from './errors';
import { ApiKeyResolver } from './modules/api-key/api-key.resolver';
import { attendanceResolvers } from './modules/attendance/attendance.resolver';
import { certificateResolvers } from './modules/certificate/certificate.resolver';
import { coachingResolvers } from './modules/coaching/coaching.resolver';
import { CohortResolver } from './modules/cohort/cohort.resolver';
import { commentResolvers } from './modules/comment/comment.resolver';
import { AuthResolver } from './modules/auth/auth.resolver';
import { ViewerResolver } from './modules/auth/viewer.resolver';
import { CourseResolver } from './modules/course/course.resolver';
import { CourseModuleResolver } from './modules/course-module/course-module.resolver';
import { CourseEnrollmentResolver, EnrollmentResolver } from './modules/enrollment/enrollment.resolver';
import { JpLedgerResolver } from './modules/jp-ledger/jp-ledger.resolver';
import { learningResolvers } from './modules/learning/learning.resolver';
import { MaterialResolver } from './modules/material/material.resolver';
import { notificationResolvers } from './modules/notification/notification.resolver';
import { OrganizationResolver } from './modules/organization/organization.resolver';
import { progressResolvers } from './modules/progress/progress.resolver';
import { quizResolvers } from './modules/quiz/quiz.resolver';
import { reportResolvers } from './modules/report/report.resolver';
import { reviewQueueResolvers } from './modules/review-queue/review-queue.resolver';
import { assignmentResolvers } from './modules/assignment/assignment.resolver';
import { submissionResolvers } from './modules/submission/submission.resolver';
import { reviewResolvers } from './modules/review/review.resolver';
import { evaluationResolvers } from './modules/evaluation/evaluation.resolver';
import { seminarResolvers } from './modules/seminar/seminar.resolver';
import { calendarResolvers } from './modules/calendar/calendar.resolver';
import { classroomResolvers } from './modules/classroom/cohort-session.resolver';
import { CourseCoverResolver } from './modules/course/course-cover.resolver';
import { MaterialFileResolver } from './modules/material/material-file.resolver';
import { UploadResolver } from './modules/material/material-upload.resolver';
import type { Role } from './modules/user/role';
import { UserResolver } from './modules/user/user.resolver';

const resolvers = [
  AuthResolver,
  ViewerResolver,
  UserResolver,
  OrganizationResolver,
  ApiKeyResolver,
  CourseResolver,
  CourseModuleResolver,
  MaterialResolver,
  UploadResolver,
  MaterialFileResolver,
  CourseCoverResolver,
  CohortResolver, EnrollmentResolver, CourseEnrollmentResolver,
  ...progressResolvers,
  ...certificateResolvers,
  JpLedgerResolver,
  ...learningResolvers,
  ...quizResolvers,
  ...reviewQueueResolvers,
  ...assignmentResolvers,
  ...submissionResolvers,
  ...reviewResolvers,
  ...evaluationResolvers,
  ...notificationResolvers,
  ...coachingResolvers,
  ...commentResolvers,
  ...seminarResolvers,
  ...attendanceResolvers,
  ...calendarResolvers,
  ...classroomResolvers,
  ...reportResolvers,
] as const;

/** Role permissions; ownership rules live in each module's policy and are checked by services. */
const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const caller = context.caller;
  if (!caller) throw unauthenticated();
  if (roles.length > 0 && !roles.some((role) => caller.roles.includes(role))) {
    throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  }
  return true;
};

export async function buildPelitaSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  resolvePlainFieldsByDefault(schema);
  return schema;
}
