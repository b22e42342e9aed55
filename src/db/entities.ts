import { Attendance, AttendanceKey } from '../modules/attendance/attendance.entity';
import { Assignment } from '../modules/assignment/assignment.entity';
import { CoachingNote } from '../modules/coaching/coaching-note.entity';
import { SubmissionComment } from '../modules/comment/comment.entity';
import { CourseEvaluation, EvaluationAnswer } from '../modules/evaluation/evaluation.entity';
import { Notification } from '../modules/notification/notification.entity';
import { Review } from '../modules/review/review.entity';
import { SeminarMaterial } from '../modules/seminar/seminar-material.entity';
import { SeminarRegistration } from '../modules/seminar/seminar-registration.entity';
import { Seminar, SeminarSession } from '../modules/seminar/seminar.entity';
import { CalendarFeed } from '../modules/calendar/calendar-feed.entity';
import { Submission } from '../modules/submission/submission.entity';
import { SubmissionFile } from '../modules/submission/submission-file.entity';
import { ApiKey } from '../modules/api-key/api-key.entity';
import { Certificate } from '../modules/certificate/certificate.entity';
import { Cohort } from '../modules/cohort/cohort.entity';
import { Enrollment } from '../modules/enrollment/enrollment.entity';
import { JpLedgerEntry } from '../modules/jp-ledger/jp-ledger-entry.entity';
import { JpExport } from '../modules/report/jp-export.entity';
import { MaterialProgress } from '../modules/progress/material-progress.entity';
import { ProgressEvent } from '../modules/progress/progress-event.entity';
import { Quiz, QuizAttempt, QuizQuestion } from '../modules/quiz/quiz.entity';
import { Course } from '../modules/course/course.entity';
import { CourseModule } from '../modules/course-module/course-module.entity';
import { Material, MaterialVersion } from '../modules/material/material.entity';
import { StoredBlob } from '../modules/upload/stored-blob.entity';
import { Upload } from '../modules/upload/upload.entity';
import { LoginThrottle } from '../modules/auth/login-throttle.entity';
import { QueryBudget } from '../modules/throttle/query-budget.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { PersistedQuery } from './persisted-query.entity';
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { Organization } from '../modules/organization/organization.entity';
import { User } from '../modules/user/user.entity';
import { CohortSession, CohortSessionAttendance } from '../modules/classroom/cohort-session.entity';

export const entities = [
  Organization,
  User,
  RefreshToken,
  LoginThrottle,
  QueryBudget,
  IdempotencyKey,
  PersistedQuery,
  ApiKey,
  Course,
  CourseModule,
  Material,
  MaterialVersion,
  StoredBlob,
  Upload,
  Cohort,
  Enrollment,
  ProgressEvent,
  MaterialProgress,
  Quiz,
  QuizQuestion,
  QuizAttempt,
  Certificate,
  JpLedgerEntry,
  JpExport,
  Assignment,
  Submission,
  SubmissionFile,
  Review,
  SubmissionComment,
  CoachingNote,
  Notification,
  CourseEvaluation,
  EvaluationAnswer,
  Seminar,
  SeminarSession,
  SeminarRegistration,
  SeminarMaterial,
  AttendanceKey,
  Attendance,
  CalendarFeed,
  CohortSession,
  CohortSessionAttendance,
];
