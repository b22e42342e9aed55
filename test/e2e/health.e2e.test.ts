import { startTestApp, type TestApp } from '../support/test-app';

describe('health and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  const base = () => t.url.replace(/\/graphql$/, '');

  it('answers /healthz while alive', async () => {
    const response = await fetch(`${base()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz when database and storage are reachable', async () => {
    const response = await fetch(`${base()}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'ok', storage: 'ok' });
  });

  it('echoes a well-formed request id and makes one up otherwise', async () => {
    const given = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': 'klien-123' } });
    expect(given.headers.get('x-request-id')).toBe('klien-123');
    const made = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers { me { id } } for an anonymous caller', async () => {
    const result = await t.gql('{ me { id } }');
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ me: null });
  });
});
