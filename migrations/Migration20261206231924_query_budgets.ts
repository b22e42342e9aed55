import { Migration } from '@mikro-orm/migrations';

export class Migration20261206231924_query_budgets extends Migration {

  override async up(): Promise<void> {
    // Unlogged: counters lost in a crash only forgive one minute, and leases skip the WAL.
    this.addSql(`create unlogged table "query_budgets" ("key" text not null, "spent" int not null, "window_started_at" timestamptz not null, constraint "query_budgets_pkey" primary key ("key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "query_budgets" cascade;`);
  }

}
