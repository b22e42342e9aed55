import { GraphQLError } from 'graphql';
import { createErrorFormatter } from '../../src/errors';

/** Apollo Client's persisted-query link acts on these codes (retry with the query; stop hashing): never masked nor renamed. */
describe('the error formatter and persisted queries', () => {
  const format = createErrorFormatter();

  it.each(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED'])('passes %s through as Apollo names it', (code) => {
    const message = code === 'PERSISTED_QUERY_NOT_FOUND' ? 'PersistedQueryNotFound' : 'PersistedQueryNotSupported';
    const error = new GraphQLError(message, { extensions: { code, http: { status: 200 } } });
    expect(format({ message, extensions: { code } }, error)).toEqual({ message, extensions: { code } });
  });
});
