import { Migration } from '@mikro-orm/migrations';

export class Migration20261129144603_feedback_assignments_reviews_evaluations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "course_evaluations" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "enrollment_id" uuid not null, "course_id" uuid not null, "cohort_id" uuid null, "comment" text null, "submitted_at" timestamptz not null default now(), constraint "course_evaluations_pkey" primary key ("id"));`);
    this.addSql(`alter table "course_evaluations" add constraint "course_evaluations_enrollment_id_unique" unique ("enrollment_id");`);
    this.addSql(`create index "course_evaluations_course_id_index" on "course_evaluations" ("course_id");`);

    this.addSql(`create table "evaluation_answers" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "evaluation_id" uuid not null, "instructor_id" uuid null, "question_code" text not null, "score" smallint not null, constraint "evaluation_answers_pkey" primary key ("id"), constraint evaluation_answers_likert check (score >= 1 AND score <= 5));`);
    this.addSql(`create index "evaluation_answers_evaluation_id_index" on "evaluation_answers" ("evaluation_id");`);
    this.addSql(`create index "evaluation_answers_instructor_id_question_code_index" on "evaluation_answers" ("instructor_id", "question_code");`);

    this.addSql(`create table "coaching_notes" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "enrollment_id" uuid not null, "author_id" uuid not null, "body" text not null, constraint "coaching_notes_pkey" primary key ("id"));`);
    this.addSql(`create index "coaching_notes_enrollment_id_created_at_index" on "coaching_notes" ("enrollment_id", "created_at");`);

    this.addSql(`create table "assignments" ("material_id" uuid not null, "instructions" text not null, "due_at" timestamptz null, "late_policy" text check ("late_policy" in ('ACCEPT_LATE', 'ACCEPT_UNTIL_CLOSE', 'REFUSE_LATE')) not null default 'ACCEPT_LATE', "closes_at" timestamptz null, "max_score" double precision not null, "rubric" jsonb not null default '[]', "allow_text" boolean not null default true, "allowed_content_types" jsonb not null default '[]', "max_file_bytes" bigint not null default 20971520, "max_files" int not null default 5, constraint "assignments_pkey" primary key ("material_id"));`);

    this.addSql(`create table "submissions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "assignment_material_id" uuid not null, "learner_id" uuid not null, "enrollment_id" uuid not null, "number" int not null, "client_submission_id" uuid null, "text" text null, "status" text check ("status" in ('AWAITING_REVIEW', 'NEEDS_REVISION', 'ACCEPTED', 'SUPERSEDED')) not null default 'AWAITING_REVIEW', "late" boolean not null default false, "submitted_at" timestamptz not null default now(), "decided_at" timestamptz null, constraint "submissions_pkey" primary key ("id"));`);
    this.addSql(`create index "submissions_enrollment_id_index" on "submissions" ("enrollment_id");`);
    this.addSql(`create index "submissions_assignment_material_id_learner_id_index" on "submissions" ("assignment_material_id", "learner_id");`);
    this.addSql(`create index "submissions_status_submitted_at_index" on "submissions" ("status", "submitted_at");`);
    this.addSql(`alter table "submissions" add constraint "submissions_learner_id_assignment_material_id_cli_65788_unique" unique ("learner_id", "assignment_material_id", "client_submission_id");`);
    this.addSql(`alter table "submissions" add constraint "submissions_learner_id_assignment_material_id_number_unique" unique ("learner_id", "assignment_material_id", "number");`);

    this.addSql(`create table "submission_comments" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "submission_id" uuid not null, "author_id" uuid not null, "body" text not null, "edited_at" timestamptz null, constraint "submission_comments_pkey" primary key ("id"));`);
    this.addSql(`create index "submission_comments_submission_id_created_at_index" on "submission_comments" ("submission_id", "created_at");`);

    this.addSql(`create table "reviews" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "submission_id" uuid not null, "reviewer_id" uuid not null, "decision" text check ("decision" in ('ACCEPTED', 'NEEDS_REVISION')) null, "score" double precision null, "rubric_scores" jsonb not null default '[]', "comment" text null, constraint "reviews_pkey" primary key ("id"));`);
    this.addSql(`create index "reviews_submission_id_index" on "reviews" ("submission_id");`);
    this.addSql(`create index "reviews_reviewer_id_created_at_index" on "reviews" ("reviewer_id", "created_at");`);

    this.addSql(`create table "submission_files" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "assignment_material_id" uuid not null, "owner_id" uuid not null, "uploaded_by_id" uuid not null, "purpose" text check ("purpose" in ('WORK', 'FEEDBACK')) not null, "submission_id" uuid null, "review_id" uuid null, "position" int not null default 0, "blob_id" uuid not null, "filename" text not null, "content_type" text not null, "size" bigint not null, "sha256" text not null, constraint "submission_files_pkey" primary key ("id"), constraint submission_files_feedback_has_submission check (purpose = 'WORK' OR submission_id IS NOT NULL));`);
    this.addSql(`create index "submission_files_submission_id_index" on "submission_files" ("submission_id");`);
    this.addSql(`create index "submission_files_review_id_index" on "submission_files" ("review_id");`);
    this.addSql(`create index "submission_files_blob_id_index" on "submission_files" ("blob_id");`);
    this.addSql(`create index "submission_files_assignment_material_id_owner_id_index" on "submission_files" ("assignment_material_id", "owner_id");`);

    this.addSql(`create table "notifications" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "recipient_id" uuid not null, "kind" text check ("kind" in ('NEW_FEEDBACK', 'REVISION_REQUESTED', 'SUBMISSION_ACCEPTED', 'SUBMISSION_WAITING', 'NEW_COMMENT', 'COACHING_NOTE')) not null, "title" text not null, "body" text null, "submission_id" uuid null, "enrollment_id" uuid null, "course_id" uuid null, "read_at" timestamptz null, constraint "notifications_pkey" primary key ("id"));`);
    this.addSql(`create index "notifications_submission_id_index" on "notifications" ("submission_id");`);
    this.addSql(`create index "notifications_unread_index" on "notifications" ("recipient_id") where "read_at" is null;`);
    this.addSql(`create index "notifications_recipient_id_created_at_index" on "notifications" ("recipient_id", "created_at");`);

    this.addSql(`alter table "course_evaluations" add constraint "course_evaluations_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "course_evaluations" add constraint "course_evaluations_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "course_evaluations" add constraint "course_evaluations_cohort_id_foreign" foreign key ("cohort_id") references "cohorts" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "evaluation_answers" add constraint "evaluation_answers_evaluation_id_foreign" foreign key ("evaluation_id") references "course_evaluations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evaluation_answers" add constraint "evaluation_answers_instructor_id_foreign" foreign key ("instructor_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "coaching_notes" add constraint "coaching_notes_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "coaching_notes" add constraint "coaching_notes_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "assignments" add constraint "assignments_material_id_foreign" foreign key ("material_id") references "materials" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "submissions" add constraint "submissions_assignment_material_id_foreign" foreign key ("assignment_material_id") references "assignments" ("material_id") on update cascade on delete cascade;`);
    this.addSql(`alter table "submissions" add constraint "submissions_learner_id_foreign" foreign key ("learner_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "submissions" add constraint "submissions_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollments" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "submission_comments" add constraint "submission_comments_submission_id_foreign" foreign key ("submission_id") references "submissions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "submission_comments" add constraint "submission_comments_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "reviews" add constraint "reviews_submission_id_foreign" foreign key ("submission_id") references "submissions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reviews" add constraint "reviews_reviewer_id_foreign" foreign key ("reviewer_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "submission_files" add constraint "submission_files_assignment_material_id_foreign" foreign key ("assignment_material_id") references "assignments" ("material_id") on update cascade on delete cascade;`);
    this.addSql(`alter table "submission_files" add constraint "submission_files_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "submission_files" add constraint "submission_files_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "submission_files" add constraint "submission_files_submission_id_foreign" foreign key ("submission_id") references "submissions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "submission_files" add constraint "submission_files_review_id_foreign" foreign key ("review_id") references "reviews" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "submission_files" add constraint "submission_files_blob_id_foreign" foreign key ("blob_id") references "stored_blobs" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "notifications" add constraint "notifications_recipient_id_foreign" foreign key ("recipient_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_submission_id_foreign" foreign key ("submission_id") references "submissions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "uploads" drop constraint uploads_one_target;`);

    this.addSql(`alter table "uploads" add column "assignment_material_id" uuid null, add column "submission_id" uuid null;`);
    this.addSql(`alter table "uploads" add constraint "uploads_assignment_material_id_foreign" foreign key ("assignment_material_id") references "assignments" ("material_id") on update cascade on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint "uploads_submission_id_foreign" foreign key ("submission_id") references "submissions" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "uploads_assignment_material_id_index" on "uploads" ("assignment_material_id");`);
    this.addSql(`create index "uploads_submission_id_index" on "uploads" ("submission_id");`);
    this.addSql(`alter table "uploads" add constraint uploads_one_target check(num_nonnulls(material_id, course_id, assignment_material_id, submission_id) = 1);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "evaluation_answers" drop constraint "evaluation_answers_evaluation_id_foreign";`);

    this.addSql(`alter table "submissions" drop constraint "submissions_assignment_material_id_foreign";`);

    this.addSql(`alter table "uploads" drop constraint "uploads_assignment_material_id_foreign";`);

    this.addSql(`alter table "submission_files" drop constraint "submission_files_assignment_material_id_foreign";`);

    this.addSql(`alter table "uploads" drop constraint "uploads_submission_id_foreign";`);

    this.addSql(`alter table "submission_comments" drop constraint "submission_comments_submission_id_foreign";`);

    this.addSql(`alter table "reviews" drop constraint "reviews_submission_id_foreign";`);

    this.addSql(`alter table "submission_files" drop constraint "submission_files_submission_id_foreign";`);

    this.addSql(`alter table "notifications" drop constraint "notifications_submission_id_foreign";`);

    this.addSql(`alter table "submission_files" drop constraint "submission_files_review_id_foreign";`);

    this.addSql(`drop table if exists "course_evaluations" cascade;`);

    this.addSql(`drop table if exists "evaluation_answers" cascade;`);

    this.addSql(`drop table if exists "coaching_notes" cascade;`);

    this.addSql(`drop table if exists "assignments" cascade;`);

    this.addSql(`drop table if exists "submissions" cascade;`);

    this.addSql(`drop table if exists "submission_comments" cascade;`);

    this.addSql(`drop table if exists "reviews" cascade;`);

    this.addSql(`drop table if exists "submission_files" cascade;`);

    this.addSql(`drop table if exists "notifications" cascade;`);

    this.addSql(`drop index "uploads_assignment_material_id_index";`);
    this.addSql(`drop index "uploads_submission_id_index";`);
    this.addSql(`alter table "uploads" drop constraint uploads_one_target;`);
    this.addSql(`alter table "uploads" drop column "assignment_material_id", drop column "submission_id";`);

    this.addSql(`alter table "uploads" add constraint uploads_one_target check((material_id IS NULL) <> (course_id IS NULL));`);
  }

}
