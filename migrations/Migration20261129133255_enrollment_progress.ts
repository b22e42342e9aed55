import { Migration } from '@mikro-orm/migrations';

export class Migration20261129133255_enrollment_progress extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cohorts" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" uuid not null, "name" text not null, "starts_on" date not null, "ends_on" date not null, "time_zone" text not null default 'Asia/Jakarta', "capacity" int null, "enrollment_open" boolean not null default true, constraint "cohorts_pkey" primary key ("id"));`);
    this.addSql(`create index "cohorts_course_id_index" on "cohorts" ("course_id");`);

    this.addSql(`create table "enrollments" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "course_id" uuid not null, "cohort_id" uuid null, "status" text check ("status" in ('ACTIVE', 'COMPLETED', 'WITHDRAWN')) not null default 'ACTIVE', "enrolled_at" timestamptz not null default now(), "withdrawn_at" timestamptz null, "completed_at" timestamptz null, "enrolled_by_id" uuid null, constraint "enrollments_pkey" primary key ("id"));`);
    this.addSql(`create index "enrollments_course_id_index" on "enrollments" ("course_id");`);
    this.addSql(`create index "enrollments_cohort_id_index" on "enrollments" ("cohort_id");`);
    this.addSql(`alter table "enrollments" add constraint "enrollments_user_id_course_id_unique" unique ("user_id", "course_id");`);

    this.addSql(`create table "cohort_instructors" ("cohort_id" uuid not null, "user_id" uuid not null, constraint "cohort_instructors_pkey" primary key ("cohort_id", "user_id"));`);

    this.addSql(`create table "progress_events" ("id" uuid not null, "user_id" uuid not null, "material_id" uuid not null, "kind" text check ("kind" in ('OPENED', 'POSITION', 'COMPLETED')) not null, "occurred_at" timestamptz not null, "position_seconds" double precision null, "duration_seconds" double precision null, "received_at" timestamptz not null default now(), constraint "progress_events_pkey" primary key ("id"));`);
    this.addSql(`create index "progress_events_user_id_material_id_occurred_at_index" on "progress_events" ("user_id", "material_id", "occurred_at");`);

    this.addSql(`create table "material_progress" ("user_id" uuid not null, "material_id" uuid not null, "status" text check ("status" in ('NOT_STARTED', 'IN_PROGRESS', 'COMPLETED')) not null default 'IN_PROGRESS', "furthest_position_seconds" double precision not null default 0, "duration_seconds" double precision null, "time_on_task_seconds" double precision not null default 0, "first_event_at" timestamptz not null, "last_event_at" timestamptz not null, "completed_at" timestamptz null, constraint "material_progress_pkey" primary key ("user_id", "material_id"));`);

    this.addSql(`alter table "cohorts" add constraint "cohorts_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "enrollments" add constraint "enrollments_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "enrollments" add constraint "enrollments_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "enrollments" add constraint "enrollments_cohort_id_foreign" foreign key ("cohort_id") references "cohorts" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "enrollments" add constraint "enrollments_enrolled_by_id_foreign" foreign key ("enrolled_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "cohort_instructors" add constraint "cohort_instructors_cohort_id_foreign" foreign key ("cohort_id") references "cohorts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cohort_instructors" add constraint "cohort_instructors_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "progress_events" add constraint "progress_events_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "progress_events" add constraint "progress_events_material_id_foreign" foreign key ("material_id") references "materials" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "material_progress" add constraint "material_progress_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_progress" add constraint "material_progress_material_id_foreign" foreign key ("material_id") references "materials" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "enrollments" drop constraint "enrollments_cohort_id_foreign";`);

    this.addSql(`alter table "cohort_instructors" drop constraint "cohort_instructors_cohort_id_foreign";`);

    this.addSql(`drop table if exists "cohorts" cascade;`);

    this.addSql(`drop table if exists "enrollments" cascade;`);

    this.addSql(`drop table if exists "cohort_instructors" cascade;`);

    this.addSql(`drop table if exists "progress_events" cascade;`);

    this.addSql(`drop table if exists "material_progress" cascade;`);
  }

}
