import { Migration } from '@mikro-orm/migrations';

export class Migration20261129172716_jp_exports extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "jp_exports" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "year" int not null, "requested_by_id" uuid not null, "status" text check ("status" in ('PENDING', 'RUNNING', 'READY', 'FAILED')) not null default 'PENDING', "row_count" int null, "byte_size" bigint null, "object_key" text null, "error" text null, "finished_at" timestamptz null, constraint "jp_exports_pkey" primary key ("id"));`);
    this.addSql(`create index "jp_exports_organization_id_index" on "jp_exports" ("organization_id");`);
    this.addSql(`create index "jp_exports_requested_by_id_index" on "jp_exports" ("requested_by_id");`);

    this.addSql(`alter table "jp_exports" add constraint "jp_exports_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "jp_exports" add constraint "jp_exports_requested_by_id_foreign" foreign key ("requested_by_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jp_exports" cascade;`);
  }

}
