import { Migration } from '@mikro-orm/migrations';

export class Migration20261129160514_seminar_attendance extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "seminar_attendance_keys" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "session_id" uuid not null, "secret" text not null, constraint "seminar_attendance_keys_pkey" primary key ("id"));`);
    this.addSql(`alter table "seminar_attendance_keys" add constraint "seminar_attendance_keys_session_id_unique" unique ("session_id");`);

    this.addSql(`create table "seminar_attendances" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "session_id" uuid not null, "user_id" uuid not null, "registration_id" uuid not null, "checked_in_at" timestamptz not null default now(), "method" text check ("method" in ('CODE')) not null, constraint "seminar_attendances_pkey" primary key ("id"));`);
    this.addSql(`create index "seminar_attendances_user_id_index" on "seminar_attendances" ("user_id");`);
    this.addSql(`create index "seminar_attendances_registration_id_index" on "seminar_attendances" ("registration_id");`);
    this.addSql(`alter table "seminar_attendances" add constraint "seminar_attendances_session_id_user_id_unique" unique ("session_id", "user_id");`);

    this.addSql(`alter table "seminar_attendance_keys" add constraint "seminar_attendance_keys_session_id_foreign" foreign key ("session_id") references "seminar_sessions" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "seminar_attendances" add constraint "seminar_attendances_session_id_foreign" foreign key ("session_id") references "seminar_sessions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "seminar_attendances" add constraint "seminar_attendances_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "seminar_attendances" add constraint "seminar_attendances_registration_id_foreign" foreign key ("registration_id") references "seminar_registrations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "certificates" add column "seminar_registration_id" uuid null, add column "seminar_id" uuid null, add column "organizer_name" text null;`);
    this.addSql(`alter table "certificates" alter column "enrollment_id" drop not null;`);
    this.addSql(`alter table "certificates" alter column "course_id" drop not null;`);
    this.addSql(`alter table "certificates" add constraint "certificates_seminar_registration_id_foreign" foreign key ("seminar_registration_id") references "seminar_registrations" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "certificates" add constraint "certificates_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "certificates" add constraint "certificates_seminar_registration_id_unique" unique ("seminar_registration_id");`);
    this.addSql(`create index "certificates_seminar_id_index" on "certificates" ("seminar_id");`);
    this.addSql(`alter table "certificates" add constraint certificates_one_source check((enrollment_id IS NOT NULL AND course_id IS NOT NULL AND seminar_registration_id IS NULL AND seminar_id IS NULL) OR (enrollment_id IS NULL AND course_id IS NULL AND seminar_registration_id IS NOT NULL AND seminar_id IS NOT NULL));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "seminar_attendance_keys" cascade;`);

    this.addSql(`drop table if exists "seminar_attendances" cascade;`);

    this.addSql(`alter table "certificates" drop constraint "certificates_seminar_registration_id_foreign";`);
    this.addSql(`alter table "certificates" drop constraint "certificates_seminar_id_foreign";`);

    this.addSql(`alter table "certificates" drop constraint "certificates_seminar_registration_id_unique";`);
    this.addSql(`drop index "certificates_seminar_id_index";`);
    this.addSql(`alter table "certificates" drop constraint certificates_one_source;`);
    this.addSql(`alter table "certificates" drop column "seminar_registration_id", drop column "seminar_id", drop column "organizer_name";`);

    this.addSql(`alter table "certificates" alter column "enrollment_id" set not null;`);
    this.addSql(`alter table "certificates" alter column "course_id" set not null;`);
  }

}
