import { Migration } from '@mikro-orm/migrations';

export class Migration20261206233256_query_budgets extends Migration {

  override async up(): Promise<void> {
    // Unlogged: buckets lost in a crash are only refilled, and leases skip the WAL.
    this.addSql(`create unlogged table "query_budgets" ("key" text not null, "available" double precision not null, "last_granted" double precision not null, "refilled_at" timestamptz not null, constraint "query_budgets_pkey" primary key ("key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "query_budgets" cascade;`);
  }

}
