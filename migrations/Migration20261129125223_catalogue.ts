import { Migration } from '@mikro-orm/migrations';

export class Migration20261129125223_catalogue extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "courses" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" text not null, "title" text not null, "summary" text not null default '', "description" text not null default '', "competency" text check ("competency" in ('TEKNIS', 'MANAJERIAL', 'SOSIAL_KULTURAL')) not null, "jp" numeric(5,1) not null, "delivery_mode" text check ("delivery_mode" in ('ONLINE', 'BLENDED', 'CLASSROOM')) not null, "language" text not null default 'id', "tags" text[] not null default '{}', "organization_id" uuid not null, "status" text check ("status" in ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', "review_note" text null, "published_at" timestamptz null, constraint "courses_pkey" primary key ("id"));`);
    this.addSql(`alter table "courses" add constraint "courses_code_unique" unique ("code");`);
    this.addSql(`create index "courses_organization_id_index" on "courses" ("organization_id");`);
    this.addSql(`create index "courses_status_index" on "courses" ("status");`);
    // Indonesian stemming for title, summary and description ("pelayanan" and "melayani" share
    // the stem "layan"); codes and tags are matched as they are.
    this.addSql(`create function pelita_course_search_document(title text, code text, tags text[], summary text, description text)
      returns tsvector language sql immutable parallel safe as $$
        select setweight(to_tsvector('indonesian', coalesce(title, '')), 'A')
            || setweight(to_tsvector('simple', coalesce(code, '') || ' ' || coalesce(array_to_string(tags, ' '), '')), 'B')
            || setweight(to_tsvector('indonesian', coalesce(summary, '')), 'C')
            || setweight(to_tsvector('indonesian', coalesce(description, '')), 'D')
      $$;`);
    this.addSql(`create index "courses_search_index" on "courses" using gin ((pelita_course_search_document(title, code, tags, summary, description)));`);

    this.addSql(`create table "course_modules" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" uuid not null, "position" int not null, "title" text not null, "summary" text not null default '', "estimated_minutes" int null, "prerequisite_id" uuid null, constraint "course_modules_pkey" primary key ("id"));`);
    this.addSql(`create index "course_modules_course_id_position_index" on "course_modules" ("course_id", "position");`);

    this.addSql(`create table "stored_blobs" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "sha256" text not null, "size" bigint not null, "content_type" text not null, "object_key" text not null, constraint "stored_blobs_pkey" primary key ("id"));`);
    this.addSql(`alter table "stored_blobs" add constraint "stored_blobs_sha256_unique" unique ("sha256");`);
    this.addSql(`alter table "stored_blobs" add constraint "stored_blobs_object_key_unique" unique ("object_key");`);

    this.addSql(`create table "materials" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "module_id" uuid not null, "position" int not null, "title" text not null, "kind" text check ("kind" in ('VIDEO', 'DOCUMENT', 'SLIDES', 'AUDIO', 'IMAGE', 'TEXT', 'LINK', 'QUIZ', 'ASSIGNMENT')) not null, "required" boolean not null default true, "estimated_minutes" int null, "body" text null, "url" text null, "current_version_id" uuid null, constraint "materials_pkey" primary key ("id"));`);
    this.addSql(`create index "materials_module_id_position_index" on "materials" ("module_id", "position");`);

    this.addSql(`create table "uploads" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "material_id" uuid not null, "requested_by_id" uuid not null, "object_key" text not null, "filename" text not null, "content_type" text not null, "size" bigint not null, "sha256" text not null, "multipart_upload_id" text null, "part_size" bigint null, "status" text check ("status" in ('PENDING', 'COMPLETED', 'FAILED')) not null default 'PENDING', "expires_at" timestamptz not null, "failure_reason" text null, constraint "uploads_pkey" primary key ("id"));`);
    this.addSql(`create index "uploads_material_id_index" on "uploads" ("material_id");`);
    this.addSql(`alter table "uploads" add constraint "uploads_object_key_unique" unique ("object_key");`);
    this.addSql(`create index "uploads_status_expires_at_index" on "uploads" ("status", "expires_at");`);

    this.addSql(`create table "material_versions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "material_id" uuid not null, "version" int not null, "blob_id" uuid not null, "filename" text not null, "content_type" text not null, "size" bigint not null, "sha256" text not null, "uploaded_by_id" uuid null, constraint "material_versions_pkey" primary key ("id"));`);
    this.addSql(`create index "material_versions_material_id_index" on "material_versions" ("material_id");`);
    this.addSql(`create index "material_versions_blob_id_index" on "material_versions" ("blob_id");`);
    this.addSql(`alter table "material_versions" add constraint "material_versions_material_id_version_unique" unique ("material_id", "version");`);

    this.addSql(`create table "course_instructors" ("course_id" uuid not null, "user_id" uuid not null, constraint "course_instructors_pkey" primary key ("course_id", "user_id"));`);

    this.addSql(`alter table "courses" add constraint "courses_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "course_modules" add constraint "course_modules_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "course_modules" add constraint "course_modules_prerequisite_id_foreign" foreign key ("prerequisite_id") references "course_modules" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "materials" add constraint "materials_module_id_foreign" foreign key ("module_id") references "course_modules" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "materials" add constraint "materials_current_version_id_foreign" foreign key ("current_version_id") references "material_versions" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "uploads" add constraint "uploads_material_id_foreign" foreign key ("material_id") references "materials" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint "uploads_requested_by_id_foreign" foreign key ("requested_by_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "material_versions" add constraint "material_versions_material_id_foreign" foreign key ("material_id") references "materials" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_versions" add constraint "material_versions_blob_id_foreign" foreign key ("blob_id") references "stored_blobs" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "material_versions" add constraint "material_versions_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "course_instructors" add constraint "course_instructors_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "course_instructors" add constraint "course_instructors_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "courses_search_index";`);
    this.addSql(`drop function if exists pelita_course_search_document(text, text, text[], text, text);`);
    this.addSql(`alter table "course_modules" drop constraint "course_modules_course_id_foreign";`);

    this.addSql(`alter table "course_instructors" drop constraint "course_instructors_course_id_foreign";`);

    this.addSql(`alter table "course_modules" drop constraint "course_modules_prerequisite_id_foreign";`);

    this.addSql(`alter table "materials" drop constraint "materials_module_id_foreign";`);

    this.addSql(`alter table "material_versions" drop constraint "material_versions_blob_id_foreign";`);

    this.addSql(`alter table "uploads" drop constraint "uploads_material_id_foreign";`);

    this.addSql(`alter table "material_versions" drop constraint "material_versions_material_id_foreign";`);

    this.addSql(`alter table "materials" drop constraint "materials_current_version_id_foreign";`);

    this.addSql(`drop table if exists "courses" cascade;`);

    this.addSql(`drop table if exists "course_modules" cascade;`);

    this.addSql(`drop table if exists "stored_blobs" cascade;`);

    this.addSql(`drop table if exists "materials" cascade;`);

    this.addSql(`drop table if exists "uploads" cascade;`);

    this.addSql(`drop table if exists "material_versions" cascade;`);

    this.addSql(`drop table if exists "course_instructors" cascade;`);
  }

}
