import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const SECRET = 'rahasia-jwt-yang-cukup-panjang-untuk-produksi-0123';

/** The problems a ConfigError lists for an environment; fails when the environment is accepted. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    // One message that lists every problem, one line each.
    for (const problem of configError.problems) expect(configError.message).toContain(problem);
    return configError.problems;
  }
  throw new Error(`configuration was accepted: ${JSON.stringify(env)}`);
}

const problemFor = (problems: string[], variable: string) => problems.filter((p) => p.startsWith(`${variable}:`));

describe('loadConfig', () => {
  it('has development defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(4000);
    expect(config.host).toBe('localhost');
    expect(config.logLevel).toBe('info');
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.storage).toBeUndefined();
    expect(config.storageBucket).toBe('pelita');
    expect(config.storageRegion).toBe('us-east-1');
    expect(config.jwtSecret).toBeUndefined();
    expect(config.bootstrapAdmin).toBeUndefined();
    expect(config.maxRequestBytes).toBe(1_000_000);
    expect(config.trustProxy).toBe('loopback');
    expect(config.introspection).toBe(true);
    expect(config.exposeQueryStats).toBe(true);
    expect(config.demo).toBe(true);
  });

  it('turns the demo off with DEMO=false (any case) and refuses values that are not a yes or no', () => {
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ DEMO: ' FALSE ' }).demo).toBe(false);
    expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ DEMO: '' }).demo).toBe(true);
    expect(problemFor(problemsOf({ DEMO: 'mungkin' }), 'DEMO')).toHaveLength(1);
  });

  it('throttles by default, takes budgets per minute, and turns throttling off with THROTTLE=off', () => {
    expect(loadConfig({}).throttle).toEqual({ enabled: true, costPerWindow: 20_000, anonymousCostPerWindow: 5_000, windowSeconds: 60 });
    const config = loadConfig({ THROTTLE: 'OFF', THROTTLE_COST_PER_MINUTE: '40000', THROTTLE_ANONYMOUS_COST_PER_MINUTE: '8000' });
    expect(config.throttle).toEqual({ enabled: false, costPerWindow: 40_000, anonymousCostPerWindow: 8_000, windowSeconds: 60 });
    const problems = problemsOf({ THROTTLE: 'maybe', THROTTLE_COST_PER_MINUTE: '0' });
    expect(problemFor(problems, 'THROTTLE')).toHaveLength(1);
    expect(problemFor(problems, 'THROTTLE_COST_PER_MINUTE')).toHaveLength(1);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', MINIO_ENDPOINT: '', JWT_SECRET: '', NODE_ENV: '' });
    expect(config.port).toBe(4000);
    expect(config.env).toBe('development');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.storage).toBeUndefined();
    expect(config.jwtSecret).toBeUndefined();
  });

  it('resolves a relative DATA_DIR to an absolute path and keeps an absolute one', () => {
    expect(loadConfig({ DATA_DIR: 'simpanan/pelita' }).dataDir).toBe(path.resolve('simpanan/pelita'));
    expect(loadConfig({ DATA_DIR: '/var/lib/pelita' }).dataDir).toBe('/var/lib/pelita');
  });

  it('reads explicit values', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgresql://pelita:sandi@db.sibolgakota.go.id:5432/pelita',
      JWT_SECRET: SECRET,
      BOOTSTRAP_ADMIN_EMAIL: 'admin@sibolgakota.go.id',
      BOOTSTRAP_ADMIN_PASSWORD: 'kata-sandi-admin-kuat',
      MAX_REQUEST_BYTES: '2048',
      TRUST_PROXY: '10.0.0.0/8',
    });
    expect(config).toMatchObject({
      env: 'test',
      port: 0,
      host: '0.0.0.0',
      logLevel: 'warn',
      databaseUrl: 'postgresql://pelita:sandi@db.sibolgakota.go.id:5432/pelita',
      jwtSecret: SECRET,
      bootstrapAdmin: { email: 'admin@sibolgakota.go.id', password: 'kata-sandi-admin-kuat' },
      maxRequestBytes: 2048,
      trustProxy: '10.0.0.0/8',
    });
  });

  describe('MINIO_ENDPOINT', () => {
    const keys = { MINIO_ACCESS_KEY: 'kunci-akses', MINIO_SECRET_KEY: 'kunci-rahasia' };

    it('parses an http endpoint with a port', () => {
      const config = loadConfig({ MINIO_ENDPOINT: 'http://minio:9000', ...keys, MINIO_BUCKET: 'materi-pelatihan' });
      expect(config.storage).toEqual({
        endPoint: 'minio',
        port: 9000,
        useSSL: false,
        accessKey: 'kunci-akses',
        secretKey: 'kunci-rahasia',
        region: 'us-east-1',
        bucket: 'materi-pelatihan',
      });
      expect(config.storageBucket).toBe('materi-pelatihan');
    });

    it('uses TLS and port 443 for https without a port', () => {
      const config = loadConfig({ MINIO_ENDPOINT: 'https://s3.sibolgakota.go.id', ...keys, MINIO_REGION: 'ap-southeast-3' });
      expect(config.storage).toMatchObject({ endPoint: 's3.sibolgakota.go.id', port: 443, useSSL: true, region: 'ap-southeast-3' });
    });

    it('uses port 80 for http without a port', () => {
      expect(loadConfig({ MINIO_ENDPOINT: 'http://127.0.0.1', ...keys }).storage).toMatchObject({
        endPoint: '127.0.0.1',
        port: 80,
        useSSL: false,
      });
    });

    it('requires both keys', () => {
      const problems = problemsOf({ MINIO_ENDPOINT: 'http://minio:9000' });
      expect(problemFor(problems, 'MINIO_ACCESS_KEY')).toHaveLength(1);
      expect(problemFor(problems, 'MINIO_SECRET_KEY')).toHaveLength(1);
      expect(problems).toHaveLength(2);
    });

    it('names only the missing key', () => {
      const problems = problemsOf({ MINIO_ENDPOINT: 'http://minio:9000', MINIO_ACCESS_KEY: 'kunci-akses' });
      expect(problems).toHaveLength(1);
      expect(problemFor(problems, 'MINIO_SECRET_KEY')).toHaveLength(1);
    });

    it('refuses an endpoint that is not an http(s) URL', () => {
      const problems = problemsOf({ MINIO_ENDPOINT: 'minio:9000', ...keys });
      expect(problemFor(problems, 'MINIO_ENDPOINT')).toHaveLength(1);
      expect(problemsOf({ MINIO_ENDPOINT: 'ftp://minio:9000', ...keys })).toEqual([expect.stringMatching(/^MINIO_ENDPOINT:/)]);
    });

    it('refuses an invalid bucket name', () => {
      expect(problemsOf({ MINIO_BUCKET: 'Materi_Pelatihan' })).toEqual([expect.stringMatching(/^MINIO_BUCKET:.*bucket/)]);
    });
  });

  it('signs storage links for MINIO_PUBLIC_URL while the API keeps MINIO_ENDPOINT', () => {
    const config = loadConfig({
      MINIO_ENDPOINT: 'http://minio:9000',
      MINIO_PUBLIC_URL: 'https://files.pelita.sibolgakota.go.id',
      MINIO_ACCESS_KEY: 'pelita',
      MINIO_SECRET_KEY: 'rahasia-minio',
    });
    expect(config.storage).toMatchObject({ endPoint: 'minio', port: 9000, useSSL: false });
    expect(config.storage?.publicAddress).toEqual({ endPoint: 'files.pelita.sibolgakota.go.id', port: 443, useSSL: true });
    expect(loadConfig({ MINIO_ENDPOINT: 'http://minio:9000', MINIO_ACCESS_KEY: 'a', MINIO_SECRET_KEY: 'b' }).storage?.publicAddress).toBeUndefined();
  });

  it('refuses a MINIO_PUBLIC_URL with a path, since path-style links are signed for the host alone', () => {
    expect(problemFor(problemsOf({ MINIO_PUBLIC_URL: 'http://192.168.1.10:9000/s3' }), 'MINIO_PUBLIC_URL')).toHaveLength(1);
    expect(problemFor(problemsOf({ MINIO_PUBLIC_URL: 'ftp://192.168.1.10' }), 'MINIO_PUBLIC_URL')).toHaveLength(1);
  });

  it('puts the embedded store next to the API port unless EMBEDDED_S3_PORT says otherwise', () => {
    expect(loadConfig({}).embeddedStoragePort).toBe(4001);
    expect(loadConfig({ PORT: '8080' }).embeddedStoragePort).toBe(8081);
    expect(loadConfig({ PORT: '0' }).embeddedStoragePort).toBe(0);
    expect(loadConfig({ EMBEDDED_S3_PORT: '9100' }).embeddedStoragePort).toBe(9100);
    expect(problemFor(problemsOf({ EMBEDDED_S3_PORT: '70000' }), 'EMBEDDED_S3_PORT')).toHaveLength(1);
  });

  it('lists every bad value in one error', () => {
    const problems = problemsOf({
      PORT: 'abc',
      JWT_SECRET: 'pendek',
      DATABASE_URL: 'mysql://localhost/pelita',
      LOG_LEVEL: 'cerewet',
      NODE_ENV: 'staging',
      BOOTSTRAP_ADMIN_EMAIL: 'bukan-email',
      BOOTSTRAP_ADMIN_PASSWORD: 'pendek',
      MAX_REQUEST_BYTES: '10',
    });
    for (const variable of [
      'PORT',
      'JWT_SECRET',
      'DATABASE_URL',
      'LOG_LEVEL',
      'NODE_ENV',
      'BOOTSTRAP_ADMIN_EMAIL',
      'BOOTSTRAP_ADMIN_PASSWORD',
      'MAX_REQUEST_BYTES',
    ]) {
      expect(problemFor(problems, variable)).toHaveLength(1);
    }
    expect(problemFor(problems, 'JWT_SECRET')[0]).toMatch(/32/);
  });

  it.each(['-1', '65536', '4000.5', 'empat ribu'])('refuses PORT=%s', (port) => {
    expect(problemsOf({ PORT: port })).toEqual([expect.stringMatching(/^PORT:/)]);
  });

  it('serves metrics nowhere unless told, and on loopback when given a port', () => {
    expect(loadConfig({}).metrics).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_TOKEN: '', METRICS_PORT: '' }).metrics).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_TOKEN: 'token-pemantauan-panjang', METRICS_PORT: '9464' }).metrics).toEqual({
      token: 'token-pemantauan-panjang',
      port: 9464,
      host: '127.0.0.1',
    });
  });

  it('refuses a metrics token short enough to guess and a metrics port out of range', () => {
    expect(problemsOf({ METRICS_TOKEN: 'pendek', METRICS_PORT: '70000' })).toEqual([
      expect.stringMatching(/^METRICS_TOKEN:.*16/),
      expect.stringMatching(/^METRICS_PORT:/),
    ]);
    expect(problemsOf({ PORT: '4000', METRICS_PORT: '4000' })).toEqual([expect.stringMatching(/^METRICS_PORT:.*PORT/)]);
  });

  describe('production', () => {
    const complete = {
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      DATABASE_URL: 'postgres://pelita:sandi@db:5432/pelita',
      MINIO_ENDPOINT: 'http://minio:9000',
      MINIO_ACCESS_KEY: 'kunci-akses',
      MINIO_SECRET_KEY: 'kunci-rahasia',
    };

    it('requires JWT_SECRET, DATABASE_URL and MINIO_ENDPOINT, naming all three', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      for (const variable of ['JWT_SECRET', 'DATABASE_URL', 'MINIO_ENDPOINT']) {
        expect(problemFor(problems, variable)).toEqual([expect.stringMatching(/production/)]);
      }
      expect(problems).toHaveLength(3);
    });

    it('names just what is missing', () => {
      const { JWT_SECRET: _omitted, ...withoutSecret } = complete;
      expect(problemsOf(withoutSecret)).toEqual([expect.stringMatching(/^JWT_SECRET:/)]);
    });

    it('turns off introspection and query statistics', () => {
      const config = loadConfig(complete);
      expect(config.env).toBe('production');
      expect(config.introspection).toBe(false);
      expect(config.exposeQueryStats).toBe(false);
      expect(config.storage).toMatchObject({ endPoint: 'minio', port: 9000 });
    });

    it.each(['development', 'test'])('keeps them on in %s', (nodeEnv) => {
      const config = loadConfig({ NODE_ENV: nodeEnv });
      expect(config.introspection).toBe(true);
      expect(config.exposeQueryStats).toBe(true);
    });
  });

  describe('bootstrap admin', () => {
    it('refuses an email without a password', () => {
      expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'admin@sibolgakota.go.id' })).toEqual([
        expect.stringMatching(/^BOOTSTRAP_ADMIN_PASSWORD:/),
      ]);
    });

    it('refuses a password without an email', () => {
      expect(problemsOf({ BOOTSTRAP_ADMIN_PASSWORD: 'kata-sandi-admin-kuat' })).toEqual([
        expect.stringMatching(/^BOOTSTRAP_ADMIN_EMAIL:/),
      ]);
    });

    it('refuses a password shorter than 12 characters', () => {
      expect(
        problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'admin@sibolgakota.go.id', BOOTSTRAP_ADMIN_PASSWORD: 'sandi-11ch' }),
      ).toEqual([expect.stringMatching(/^BOOTSTRAP_ADMIN_PASSWORD:.*12/)]);
    });
  });
});
