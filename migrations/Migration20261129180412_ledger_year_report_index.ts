import { Migration } from '@mikro-orm/migrations';

export class Migration20261129180412_ledger_year_report_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "jp_ledger_entries_year_report_index" on "jp_ledger_entries" ("credited_on") include ("user_id", "source", "source_id", "jp");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "jp_ledger_entries_year_report_index";`);
  }

}
