import { Migration } from '@mikro-orm/migrations';

export class Migration20261129134809_quizzes_certificates_ledger extends Migration {

  override async up(): Promise<void> {
    // Certificate numbers (PELITA/<year>/<n>) come from one sequence: unique under concurrency, never reused.
    this.addSql(`create sequence if not exists "certificate_number_seq";`);
    this.addSql(`create table "jp_ledger_entries" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "source" text check ("source" in ('COURSE', 'SEMINAR', 'CLASSROOM')) not null, "source_id" uuid not null, "title" text not null, "jp" numeric(5,1) not null, "credited_on" date not null, constraint "jp_ledger_entries_pkey" primary key ("id"));`);
    this.addSql(`create index "jp_ledger_entries_user_id_credited_on_index" on "jp_ledger_entries" ("user_id", "credited_on");`);
    this.addSql(`alter table "jp_ledger_entries" add constraint "jp_ledger_entries_user_id_source_source_id_unique" unique ("user_id", "source", "source_id");`);

    this.addSql(`create table "certificates" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "enrollment_id" uuid not null, "user_id" uuid not null, "course_id" uuid not null, "number" text not null, "verification_code" text not null, "holder_name" text not null, "holder_nip" text null, "course_title" text not null, "jp" numeric(5,1) not null, "issued_on" date not null, "pdf_status" text check ("pdf_status" in ('PENDING', 'READY')) not null default 'PENDING', "pdf_object_key" text null, constraint "certificates_pkey" primary key ("id"));`);
    this.addSql(`alter table "certificates" add constraint "certificates_enrollment_id_unique" unique ("enrollment_id");`);
    this.addSql(`create index "certificates_user_id_index" on "certificates" ("user_id");`);
    this.addSql(`alter table "certificates" add constraint "certificates_number_unique" unique ("number");`);
    this.addSql(`alter table "certificates" add constraint "certificates_verification_code_unique" unique ("verification_code");`);

    this.addSql(`create table "quizzes" ("material_id" uuid not null, "purpose" text check ("purpose" in ('PRACTICE', 'PRE_TEST', 'POST_TEST')) not null default 'PRACTICE', "pass_mark" double precision not null default 70, "max_attempts" int null, "time_limit_seconds" int null, "score_policy" text check ("score_policy" in ('BEST', 'LAST')) not null default 'BEST', constraint "quizzes_pkey" primary key ("material_id"));`);

    this.addSql(`create table "quiz_questions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "quiz_material_id" uuid not null, "position" int not null, "kind" text check ("kind" in ('SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE', 'SHORT_ANSWER')) not null, "prompt" text not null, "options" jsonb not null default '[]', "correct" jsonb not null, "points" double precision not null default 1, constraint "quiz_questions_pkey" primary key ("id"));`);
    this.addSql(`create index "quiz_questions_quiz_material_id_position_index" on "quiz_questions" ("quiz_material_id", "position");`);

    this.addSql(`create table "quiz_attempts" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "quiz_material_id" uuid not null, "user_id" uuid not null, "number" int not null, "status" text check ("status" in ('IN_PROGRESS', 'SUBMITTED')) not null default 'IN_PROGRESS', "started_at" timestamptz not null default now(), "deadline_at" timestamptz null, "submitted_at" timestamptz null, "question_ids" jsonb not null, "answers" jsonb null, "score" double precision null, "max_score" double precision null, "percent" double precision null, "passed" boolean null, constraint "quiz_attempts_pkey" primary key ("id"));`);
    this.addSql(`create index "quiz_attempts_quiz_material_id_index" on "quiz_attempts" ("quiz_material_id");`);
    this.addSql(`alter table "quiz_attempts" add constraint "quiz_attempts_user_id_quiz_material_id_number_unique" unique ("user_id", "quiz_material_id", "number");`);

    this.addSql(`alter table "jp_ledger_entries" add constraint "jp_ledger_entries_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "certificates" add constraint "certificates_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollments" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "certificates" add constraint "certificates_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "certificates" add constraint "certificates_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "quizzes" add constraint "quizzes_material_id_foreign" foreign key ("material_id") references "materials" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "quiz_questions" add constraint "quiz_questions_quiz_material_id_foreign" foreign key ("quiz_material_id") references "quizzes" ("material_id") on update cascade on delete cascade;`);

    this.addSql(`alter table "quiz_attempts" add constraint "quiz_attempts_quiz_material_id_foreign" foreign key ("quiz_material_id") references "quizzes" ("material_id") on update cascade on delete cascade;`);
    this.addSql(`alter table "quiz_attempts" add constraint "quiz_attempts_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop sequence if exists "certificate_number_seq";`);
    this.addSql(`alter table "quiz_questions" drop constraint "quiz_questions_quiz_material_id_foreign";`);

    this.addSql(`alter table "quiz_attempts" drop constraint "quiz_attempts_quiz_material_id_foreign";`);

    this.addSql(`drop table if exists "jp_ledger_entries" cascade;`);

    this.addSql(`drop table if exists "certificates" cascade;`);

    this.addSql(`drop table if exists "quizzes" cascade;`);

    this.addSql(`drop table if exists "quiz_questions" cascade;`);

    this.addSql(`drop table if exists "quiz_attempts" cascade;`);
  }

}
