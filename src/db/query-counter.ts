import { DefaultLogger, type LogContext, type LoggerOptions } from '@mikro-orm/core';

/**
 * Counts the SQL statements of one request. An instance rides in the request's
 * `em.fork({ loggerContext })`; a class instance (not a plain object) so the ORM's context
 * merging keeps the reference.
 */
export class QueryCounter {
  count = 0;
}

export class CountingLogger extends DefaultLogger {
  constructor(options: LoggerOptions) {
    super(options);
  }

  override logQuery(context: { query: string } & LogContext & { queryCounter?: unknown }): void {
    if (context.queryCounter instanceof QueryCounter) context.queryCounter.count += 1;
    super.logQuery(context);
  }
}
