import { Migration } from '@mikro-orm/migrations';

export class Migration20261129132101_course_cover extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "courses" add column "cover_blob_id" uuid null, add column "cover_filename" text null, add column "cover_content_type" text null;`);
    this.addSql(`alter table "courses" add constraint "courses_cover_blob_id_foreign" foreign key ("cover_blob_id") references "stored_blobs" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index "courses_cover_blob_id_index" on "courses" ("cover_blob_id");`);
    this.addSql(`alter table "courses" add constraint courses_cover_complete check((cover_blob_id IS NULL) = (cover_filename IS NULL) AND (cover_blob_id IS NULL) = (cover_content_type IS NULL));`);

    this.addSql(`alter table "uploads" add column "course_id" uuid null;`);
    this.addSql(`alter table "uploads" alter column "material_id" drop not null;`);
    this.addSql(`alter table "uploads" add constraint "uploads_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "uploads_course_id_index" on "uploads" ("course_id");`);
    this.addSql(`alter table "uploads" add constraint uploads_one_target check((material_id IS NULL) <> (course_id IS NULL));`);
  }

  override async down(): Promise<void> {
    // Cover uploads have nowhere to go once uploads target materials only.
    this.addSql(`delete from "uploads" where "material_id" is null;`);
    this.addSql(`alter table "courses" drop constraint "courses_cover_blob_id_foreign";`);

    this.addSql(`alter table "uploads" drop constraint "uploads_course_id_foreign";`);

    this.addSql(`drop index "courses_cover_blob_id_index";`);
    this.addSql(`alter table "courses" drop constraint courses_cover_complete;`);
    this.addSql(`alter table "courses" drop column "cover_blob_id", drop column "cover_filename", drop column "cover_content_type";`);

    this.addSql(`drop index "uploads_course_id_index";`);
    this.addSql(`alter table "uploads" drop constraint uploads_one_target;`);
    this.addSql(`alter table "uploads" drop column "course_id";`);

    this.addSql(`alter table "uploads" alter column "material_id" set not null;`);
  }

}
