import { Migration } from '@mikro-orm/migrations';

export class Migration20261129163216_cohort_sessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cohort_sessions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "cohort_id" uuid not null, "title" text not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "time_zone" text not null, "venue" text not null, "instructor_id" uuid not null, "attendance_secret" text null, constraint "cohort_sessions_pkey" primary key ("id"));`);
    this.addSql(`create index "cohort_sessions_cohort_id_index" on "cohort_sessions" ("cohort_id");`);
    this.addSql(`create index "cohort_sessions_instructor_id_index" on "cohort_sessions" ("instructor_id");`);

    this.addSql(`create table "cohort_session_attendances" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "session_id" uuid not null, "user_id" uuid not null, "enrollment_id" uuid not null, "checked_in_at" timestamptz not null default now(), "method" text check ("method" in ('CODE')) not null, constraint "cohort_session_attendances_pkey" primary key ("id"));`);
    this.addSql(`create index "cohort_session_attendances_user_id_index" on "cohort_session_attendances" ("user_id");`);
    this.addSql(`create index "cohort_session_attendances_enrollment_id_index" on "cohort_session_attendances" ("enrollment_id");`);
    this.addSql(`alter table "cohort_session_attendances" add constraint "cohort_session_attendances_session_id_user_id_unique" unique ("session_id", "user_id");`);

    this.addSql(`alter table "cohort_sessions" add constraint "cohort_sessions_cohort_id_foreign" foreign key ("cohort_id") references "cohorts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cohort_sessions" add constraint "cohort_sessions_instructor_id_foreign" foreign key ("instructor_id") references "users" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "cohort_session_attendances" add constraint "cohort_session_attendances_session_id_foreign" foreign key ("session_id") references "cohort_sessions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cohort_session_attendances" add constraint "cohort_session_attendances_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cohort_session_attendances" add constraint "cohort_session_attendances_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollments" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "courses" add column "requires_classroom_attendance" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "cohort_session_attendances" drop constraint "cohort_session_attendances_session_id_foreign";`);

    this.addSql(`drop table if exists "cohort_sessions" cascade;`);

    this.addSql(`drop table if exists "cohort_session_attendances" cascade;`);

    this.addSql(`alter table "courses" drop column "requires_classroom_attendance";`);
  }

}
