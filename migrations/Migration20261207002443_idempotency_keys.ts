import { Migration } from '@mikro-orm/migrations';

export class Migration20261207002443_idempotency_keys extends Migration {

  override async up(): Promise<void> {
    // Logged, unlike query_budgets: a key on record vouches that its mutation was stored, through crashes too.
    this.addSql(`create table "idempotency_keys" ("principal" text not null, "key" text not null, "request_hash" text not null, "attempt" uuid not null, "response" jsonb null, "created_at" timestamptz not null default now(), constraint "idempotency_keys_pkey" primary key ("principal", "key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_keys" cascade;`);
  }

}
