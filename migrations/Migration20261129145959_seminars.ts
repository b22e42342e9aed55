import { Migration } from '@mikro-orm/migrations';

export class Migration20261129145959_seminars extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "seminars" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organizer_id" uuid not null, "external_ref" text not null, "title" text not null, "abstract" text not null default '', "kind" text check ("kind" in ('SEMINAR', 'WORKSHOP')) not null, "scope" text check ("scope" in ('NATIONAL', 'INTERNATIONAL')) not null, "jp_override" numeric(5,1) null, "days" int not null, "capacity" int not null, "waitlist_limit" int null, "registration_closes_at" timestamptz not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'CANCELLED')) not null default 'DRAFT', "venue" text null, "online_url" text null, "speakers" jsonb not null default '[]', "audience_positions" text[] not null default '{}', "starts_at" timestamptz not null, "ends_at" timestamptz not null, "last_queue_number" int not null default 0, "published_at" timestamptz null, "cancelled_at" timestamptz null, constraint "seminars_pkey" primary key ("id"), constraint seminars_jp_override_positive check (jp_override IS NULL OR jp_override > 0), constraint seminars_waitlist_limit_not_negative check (waitlist_limit IS NULL OR waitlist_limit >= 0), constraint seminars_capacity_positive check (capacity >= 1));`);
    this.addSql(`create index "seminars_status_index" on "seminars" ("status");`);
    this.addSql(`create index "seminars_ends_at_index" on "seminars" ("ends_at");`);
    this.addSql(`create index "seminars_starts_at_id_index" on "seminars" ("starts_at", "id");`);
    this.addSql(`alter table "seminars" add constraint "seminars_organizer_id_external_ref_unique" unique ("organizer_id", "external_ref");`);

    this.addSql(`create table "seminar_audience_agencies" ("seminar_id" uuid not null, "organization_id" uuid not null, constraint "seminar_audience_agencies_pkey" primary key ("seminar_id", "organization_id"));`);

    this.addSql(`create table "seminar_sessions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "seminar_id" uuid not null, "position" int not null, "external_ref" text null, "title" text null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "time_zone" text not null, "venue" text null, "online_url" text null, constraint "seminar_sessions_pkey" primary key ("id"), constraint seminar_sessions_ends_after_start check (ends_at > starts_at));`);
    this.addSql(`create index "seminar_sessions_seminar_id_position_index" on "seminar_sessions" ("seminar_id", "position");`);
    this.addSql(`alter table "seminar_sessions" add constraint "seminar_sessions_seminar_id_external_ref_unique" unique ("seminar_id", "external_ref");`);

    this.addSql(`create table "seminar_registrations" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "seminar_id" uuid not null, "user_id" uuid not null, "status" text check ("status" in ('CONFIRMED', 'WAITLISTED', 'CANCELLED')) not null, "queue_number" int not null, "registered_at" timestamptz not null default now(), "cancelled_at" timestamptz null, "promoted_at" timestamptz null, constraint "seminar_registrations_pkey" primary key ("id"));`);
    this.addSql(`create index "seminar_registrations_user_id_index" on "seminar_registrations" ("user_id");`);
    this.addSql(`create index "seminar_registrations_seminar_id_status_queue_number_index" on "seminar_registrations" ("seminar_id", "status", "queue_number");`);
    this.addSql(`alter table "seminar_registrations" add constraint "seminar_registrations_seminar_id_user_id_unique" unique ("seminar_id", "user_id");`);

    this.addSql(`create table "seminar_materials" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "seminar_id" uuid not null, "title" text not null, "kind" text check ("kind" in ('SLIDES', 'PAPER', 'RECORDING')) not null, "blob_id" uuid not null, "filename" text not null, "content_type" text not null, "size" bigint not null, "sha256" text not null, "uploaded_by_id" uuid null, "uploaded_by_api_key_id" uuid null, constraint "seminar_materials_pkey" primary key ("id"));`);
    this.addSql(`create index "seminar_materials_seminar_id_index" on "seminar_materials" ("seminar_id");`);
    this.addSql(`create index "seminar_materials_blob_id_index" on "seminar_materials" ("blob_id");`);

    this.addSql(`alter table "seminars" add constraint "seminars_organizer_id_foreign" foreign key ("organizer_id") references "organizations" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "seminar_audience_agencies" add constraint "seminar_audience_agencies_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "seminar_audience_agencies" add constraint "seminar_audience_agencies_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "seminar_sessions" add constraint "seminar_sessions_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "seminar_registrations" add constraint "seminar_registrations_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "seminar_registrations" add constraint "seminar_registrations_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "seminar_materials" add constraint "seminar_materials_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "seminar_materials" add constraint "seminar_materials_blob_id_foreign" foreign key ("blob_id") references "stored_blobs" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "seminar_materials" add constraint "seminar_materials_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "seminar_materials" add constraint "seminar_materials_uploaded_by_api_key_id_foreign" foreign key ("uploaded_by_api_key_id") references "api_keys" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "notifications" drop constraint if exists "notifications_kind_check";`);

    this.addSql(`alter table "uploads" drop constraint uploads_one_target;`);

    this.addSql(`alter table "uploads" add column "seminar_id" uuid null;`);
    this.addSql(`alter table "uploads" add constraint "uploads_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "uploads_seminar_id_index" on "uploads" ("seminar_id");`);
    this.addSql(`alter table "uploads" add constraint uploads_one_target check(num_nonnulls(material_id, course_id, assignment_material_id, submission_id, seminar_id) = 1);`);

    this.addSql(`alter table "notifications" add column "seminar_id" uuid null;`);
    this.addSql(`alter table "notifications" add constraint "notifications_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_kind_check" check("kind" in ('NEW_FEEDBACK', 'REVISION_REQUESTED', 'SUBMISSION_ACCEPTED', 'SUBMISSION_WAITING', 'NEW_COMMENT', 'COACHING_NOTE', 'SEMINAR_CANCELLED', 'WAITLIST_PROMOTED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "seminar_audience_agencies" drop constraint "seminar_audience_agencies_seminar_id_foreign";`);

    this.addSql(`alter table "seminar_sessions" drop constraint "seminar_sessions_seminar_id_foreign";`);

    this.addSql(`alter table "seminar_registrations" drop constraint "seminar_registrations_seminar_id_foreign";`);

    this.addSql(`alter table "seminar_materials" drop constraint "seminar_materials_seminar_id_foreign";`);

    this.addSql(`alter table "uploads" drop constraint "uploads_seminar_id_foreign";`);

    this.addSql(`alter table "notifications" drop constraint "notifications_seminar_id_foreign";`);

    this.addSql(`drop table if exists "seminars" cascade;`);

    this.addSql(`drop table if exists "seminar_audience_agencies" cascade;`);

    this.addSql(`drop table if exists "seminar_sessions" cascade;`);

    this.addSql(`drop table if exists "seminar_registrations" cascade;`);

    this.addSql(`drop table if exists "seminar_materials" cascade;`);

    this.addSql(`alter table "notifications" drop constraint if exists "notifications_kind_check";`);

    this.addSql(`alter table "notifications" drop column "seminar_id";`);

    this.addSql(`alter table "notifications" add constraint "notifications_kind_check" check("kind" in ('NEW_FEEDBACK', 'REVISION_REQUESTED', 'SUBMISSION_ACCEPTED', 'SUBMISSION_WAITING', 'NEW_COMMENT', 'COACHING_NOTE'));`);

    this.addSql(`drop index "uploads_seminar_id_index";`);
    this.addSql(`alter table "uploads" drop constraint uploads_one_target;`);
    this.addSql(`alter table "uploads" drop column "seminar_id";`);

    this.addSql(`alter table "uploads" add constraint uploads_one_target check(num_nonnulls(material_id, course_id, assignment_material_id, submission_id) = 1);`);
  }

}
