import { serializeError } from '../../src/logger';

class DriverException extends Error {}

/** A DriverException as MikroORM throws it: the statement with its values, then PostgreSQL's reason. */
function driverException(): Error {
  const error = new DriverException(
    `insert into "users" ("email", "nip") values ('siti.pohan@sibolgakota.go.id', '198703152010012003') - duplicate key value violates unique constraint "users_email_unique"`,
  ) as Error & Record<string, unknown>;
  Object.assign(error, {
    code: '23505',
    severity: 'ERROR',
    detail: 'Key (email)=(siti.pohan@sibolgakota.go.id) already exists.',
    table: 'users',
    constraint: 'users_email_unique',
    routine: '_bt_check_unique',
  });
  return error;
}

describe('error log lines', () => {
  it('keep a database error to its reason and codes, without the values of the statement', () => {
    const logged = serializeError(driverException());
    const text = JSON.stringify(logged);
    expect(text).not.toContain('siti.pohan');
    expect(text).not.toContain('198703152010012003');
    expect(logged).toMatchObject({
      type: 'DriverException',
      message: 'duplicate key value violates unique constraint "users_email_unique"',
      code: '23505',
      table: 'users',
      constraint: 'users_email_unique',
    });
    expect(String(logged.stack)).toMatch(/^DriverException: duplicate key value/);
    expect(String(logged.stack)).toMatch(/\n\s+at /);
  });

  it('keep a data exception to its reason without the value PostgreSQL quotes', () => {
    const error = new DriverException(
      `select * from "users" where "id" = '198703152010012003' - invalid input syntax for type uuid: "198703152010012003"`,
    ) as Error & Record<string, unknown>;
    Object.assign(error, { code: '22P02', severity: 'ERROR', routine: 'string_to_uuid' });
    const logged = serializeError(error);
    expect(JSON.stringify(logged)).not.toContain('198703152010012003');
    expect(logged).toMatchObject({ message: 'invalid input syntax for type uuid: "[redacted]"', code: '22P02' });
  });

  it('keep an error caused by a database error to its own message, with the cause cut down', () => {
    const wrapped = new Error('could not enrol the agency', { cause: driverException() });
    const logged = serializeError(wrapped);
    const text = JSON.stringify(logged);
    expect(text).not.toContain('siti.pohan');
    expect(text).not.toContain('198703152010012003');
    expect(logged).toMatchObject({
      type: 'Error',
      message: 'could not enrol the agency',
      cause: { message: 'duplicate key value violates unique constraint "users_email_unique"', code: '23505' },
    });
  });

  it('leave other errors whole', () => {
    const logged = serializeError(new TypeError('Cannot read properties of undefined'));
    expect(logged).toMatchObject({ type: 'TypeError', message: 'Cannot read properties of undefined' });
  });
});
