import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261129122729_initial } from './Migration20261129122729_initial';
import { Migration20261129125223_catalogue } from './Migration20261129125223_catalogue';
import { Migration20261129131638_partner_uploads } from './Migration20261129131638_partner_uploads';
import { Migration20261129132101_course_cover } from './Migration20261129132101_course_cover';
import { Migration20261129133255_enrollment_progress } from './Migration20261129133255_enrollment_progress';
import { Migration20261129134809_quizzes_certificates_ledger } from './Migration20261129134809_quizzes_certificates_ledger';
import { Migration20261129144603_feedback_assignments_reviews_evaluations } from './Migration20261129144603_feedback_assignments_reviews_evaluations';
import { Migration20261129145959_seminars } from './Migration20261129145959_seminars';
import { Migration20261129160452_calendar_feeds } from './Migration20261129160452_calendar_feeds';
import { Migration20261129160514_seminar_attendance } from './Migration20261129160514_seminar_attendance';
import { Migration20261129163216_cohort_sessions } from './Migration20261129163216_cohort_sessions';
import { Migration20261129172716_jp_exports } from './Migration20261129172716_jp_exports';
import { Migration20261129180412_ledger_year_report_index } from './Migration20261129180412_ledger_year_report_index';
import { Migration20261206233256_query_budgets } from './Migration20261206233256_query_budgets';
import { Migration20261207002443_idempotency_keys } from './Migration20261207002443_idempotency_keys';
import { Migration20261207020806_persisted_queries } from './Migration20261207020806_persisted_queries';
import { Migration20261207021427_generic_upload_targets } from './Migration20261207021427_generic_upload_targets';

/**
 * Every migration, in order. Listed rather than discovered so the compiled app and the tests
 * run exactly the same set; `npm run migration:create` rewrites this file.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261129122729_initial', class: Migration20261129122729_initial },
  { name: 'Migration20261129125223_catalogue', class: Migration20261129125223_catalogue },
  { name: 'Migration20261129131638_partner_uploads', class: Migration20261129131638_partner_uploads },
  { name: 'Migration20261129132101_course_cover', class: Migration20261129132101_course_cover },
  { name: 'Migration20261129133255_enrollment_progress', class: Migration20261129133255_enrollment_progress },
  { name: 'Migration20261129134809_quizzes_certificates_ledger', class: Migration20261129134809_quizzes_certificates_ledger },
  { name: 'Migration20261129144603_feedback_assignments_reviews_evaluations', class: Migration20261129144603_feedback_assignments_reviews_evaluations },
  { name: 'Migration20261129145959_seminars', class: Migration20261129145959_seminars },
  { name: 'Migration20261129160452_calendar_feeds', class: Migration20261129160452_calendar_feeds },
  { name: 'Migration20261129160514_seminar_attendance', class: Migration20261129160514_seminar_attendance },
  { name: 'Migration20261129163216_cohort_sessions', class: Migration20261129163216_cohort_sessions },
  { name: 'Migration20261129172716_jp_exports', class: Migration20261129172716_jp_exports },
  { name: 'Migration20261129180412_ledger_year_report_index', class: Migration20261129180412_ledger_year_report_index },
  { name: 'Migration20261206233256_query_budgets', class: Migration20261206233256_query_budgets },
  { name: 'Migration20261207002443_idempotency_keys', class: Migration20261207002443_idempotency_keys },
  { name: 'Migration20261207020806_persisted_queries', class: Migration20261207020806_persisted_queries },
  { name: 'Migration20261207021427_generic_upload_targets', class: Migration20261207021427_generic_upload_targets },
];
