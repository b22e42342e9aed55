import { Migration } from '@mikro-orm/migrations';

export class Migration20261129131638_partner_uploads extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "uploads" add column "requested_by_api_key_id" uuid null;`);
    this.addSql(`alter table "uploads" alter column "requested_by_id" drop not null;`);
    this.addSql(`alter table "uploads" add constraint "uploads_requested_by_api_key_id_foreign" foreign key ("requested_by_api_key_id") references "api_keys" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint uploads_one_requester check((requested_by_id IS NULL) <> (requested_by_api_key_id IS NULL));`);

    this.addSql(`alter table "material_versions" add column "uploaded_by_api_key_id" uuid null;`);
    this.addSql(`alter table "material_versions" add constraint "material_versions_uploaded_by_api_key_id_foreign" foreign key ("uploaded_by_api_key_id") references "api_keys" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "material_versions" drop constraint "material_versions_uploaded_by_api_key_id_foreign";`);

    this.addSql(`alter table "uploads" drop constraint "uploads_requested_by_api_key_id_foreign";`);

    this.addSql(`alter table "material_versions" drop column "uploaded_by_api_key_id";`);

    this.addSql(`alter table "uploads" drop constraint uploads_one_requester;`);
    this.addSql(`alter table "uploads" drop column "requested_by_api_key_id";`);

    this.addSql(`alter table "uploads" alter column "requested_by_id" set not null;`);
  }

}
