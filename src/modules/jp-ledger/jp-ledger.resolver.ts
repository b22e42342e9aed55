import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { JpLedgerEntry } from './jp-ledger-entry.entity';
import { myJpEntries } from './jp-ledger.service';

@Resolver(() => JpLedgerEntry)
export class JpLedgerResolver {
  @Authorized()
  @Query(() => [JpLedgerEntry], { description: 'The caller’s credited JP in a calendar year (Asia/Jakarta; this year by default).' })
  jpLedger(@Ctx() ctx: Context, @Arg('year', () => Int, { nullable: true }) year?: number) {
    return myJpEntries(ctx, year);
  }
}
