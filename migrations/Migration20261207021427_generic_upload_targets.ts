import { Migration } from '@mikro-orm/migrations';

/**
 * Uploads name what they are for by purpose and target id instead of one foreign key per
 * feature, so the files kernel knows no feature's table (issue 15, a files kernel). Every
 * existing upload keeps its target: the purpose comes from whichever column was set, the id from
 * its value. The cascades from deleted targets go with the foreign keys: a pending upload of a
 * deleted target can no longer complete and storage cleanup removes it once expired.
 */
export class Migration20261207021427_generic_upload_targets extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "uploads" add column "purpose" text null, add column "target_id" uuid null;`);
    // The purposes are the features' constants (MATERIAL_VERSION_UPLOAD, COURSE_COVER_UPLOAD, …); uploads_one_target guaranteed exactly one column set.
    this.addSql(`update "uploads" set
      "purpose" = case
        when "material_id" is not null then 'material-version'
        when "course_id" is not null then 'course-cover'
        when "assignment_material_id" is not null then 'submission-work'
        when "submission_id" is not null then 'review-file'
        when "seminar_id" is not null then 'seminar-material'
      end,
      "target_id" = coalesce("material_id", "course_id", "assignment_material_id", "submission_id", "seminar_id");`);
    this.addSql(`alter table "uploads" alter column "purpose" set not null, alter column "target_id" set not null;`);
    this.addSql(`create index "uploads_purpose_target_id_index" on "uploads" ("purpose", "target_id");`);

    this.addSql(`alter table "uploads" drop constraint uploads_one_target;`);
    this.addSql(`alter table "uploads" drop constraint "uploads_assignment_material_id_foreign";`);
    this.addSql(`alter table "uploads" drop constraint "uploads_course_id_foreign";`);
    this.addSql(`alter table "uploads" drop constraint "uploads_material_id_foreign";`);
    this.addSql(`alter table "uploads" drop constraint "uploads_seminar_id_foreign";`);
    this.addSql(`alter table "uploads" drop constraint "uploads_submission_id_foreign";`);
    this.addSql(`drop index "uploads_assignment_material_id_index";`);
    this.addSql(`drop index "uploads_course_id_index";`);
    this.addSql(`drop index "uploads_material_id_index";`);
    this.addSql(`drop index "uploads_seminar_id_index";`);
    this.addSql(`drop index "uploads_submission_id_index";`);
    this.addSql(`alter table "uploads" drop column "material_id", drop column "course_id", drop column "assignment_material_id", drop column "submission_id", drop column "seminar_id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "uploads" add column "material_id" uuid null, add column "course_id" uuid null, add column "assignment_material_id" uuid null, add column "submission_id" uuid null, add column "seminar_id" uuid null;`);
    this.addSql(`update "uploads" set
      "material_id" = case when "purpose" = 'material-version' then "target_id" end,
      "course_id" = case when "purpose" = 'course-cover' then "target_id" end,
      "assignment_material_id" = case when "purpose" = 'submission-work' then "target_id" end,
      "submission_id" = case when "purpose" = 'review-file' then "target_id" end,
      "seminar_id" = case when "purpose" = 'seminar-material' then "target_id" end;`);
    // The foreign keys cascaded before: uploads of a purpose the old columns cannot say, or of a target deleted since, would break them.
    this.addSql(`delete from "uploads" u where num_nonnulls("material_id", "course_id", "assignment_material_id", "submission_id", "seminar_id") = 0
      or ("purpose" = 'material-version' and not exists (select 1 from "materials" t where t."id" = u."target_id"))
      or ("purpose" = 'course-cover' and not exists (select 1 from "courses" t where t."id" = u."target_id"))
      or ("purpose" = 'submission-work' and not exists (select 1 from "assignments" t where t."material_id" = u."target_id"))
      or ("purpose" = 'review-file' and not exists (select 1 from "submissions" t where t."id" = u."target_id"))
      or ("purpose" = 'seminar-material' and not exists (select 1 from "seminars" t where t."id" = u."target_id"));`);
    this.addSql(`alter table "uploads" add constraint "uploads_material_id_foreign" foreign key ("material_id") references "materials" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint "uploads_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint "uploads_assignment_material_id_foreign" foreign key ("assignment_material_id") references "assignments" ("material_id") on update cascade on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint "uploads_submission_id_foreign" foreign key ("submission_id") references "submissions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint "uploads_seminar_id_foreign" foreign key ("seminar_id") references "seminars" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "uploads_assignment_material_id_index" on "uploads" ("assignment_material_id");`);
    this.addSql(`create index "uploads_course_id_index" on "uploads" ("course_id");`);
    this.addSql(`create index "uploads_material_id_index" on "uploads" ("material_id");`);
    this.addSql(`create index "uploads_seminar_id_index" on "uploads" ("seminar_id");`);
    this.addSql(`create index "uploads_submission_id_index" on "uploads" ("submission_id");`);
    this.addSql(`alter table "uploads" add constraint uploads_one_target check(num_nonnulls(material_id, course_id, assignment_material_id, submission_id, seminar_id) = 1);`);

    this.addSql(`drop index "uploads_purpose_target_id_index";`);
    this.addSql(`alter table "uploads" drop column "purpose", drop column "target_id";`);
  }

}
