import { JpLedgerResolver } from './jp-ledger.resolver';
import { JpLedgerEntry } from './jp-ledger-entry.entity';
import { defineModule } from '../../module';

export const jpLedgerModule = defineModule({
  name: 'jp-ledger',
  entities: [JpLedgerEntry],
  resolvers: [JpLedgerResolver],
});
