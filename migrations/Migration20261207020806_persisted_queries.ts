import { Migration } from '@mikro-orm/migrations';

export class Migration20261207020806_persisted_queries extends Migration {

  override async up(): Promise<void> {
    // Logged: lost rows would only be registered again, but a restart must not send every client through PERSISTED_QUERY_NOT_FOUND at once.
    this.addSql(`create table "persisted_queries" ("hash" text not null, "query" text not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz not null default now(), constraint "persisted_queries_pkey" primary key ("hash"));`);
    this.addSql(`create index "persisted_queries_last_used_at_index" on "persisted_queries" ("last_used_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "persisted_queries" cascade;`);
  }

}
