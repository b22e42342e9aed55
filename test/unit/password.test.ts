import { hashPassword, verifyPassword } from '../../src/modules/user/password';

/**
 * Hashes made by the `argon2` npm package (0.45.1) with the options password.ts used before the
 * switch to @node-rs/argon2 (argon2id, m=19456, t=2, p=1). Databases hold hashes exactly like
 * these (note that package's parameter order m,p,t), so they must keep verifying whatever library
 * hashes new passwords. Literal strings on purpose: never regenerate them with the current code.
 */
const LEGACY_HASHES: ReadonlyArray<readonly [password: string, phc: string]> = [
  [
    'correct horse battery staple',
    '$argon2id$v=19$m=19456,p=1,t=2$LpdxbSlN9X05YXNGAk7JQg$8CObCYm1Kb4ZHMLD6Veuo/fVK6QwV3Xje0chUXhU2jo',
  ],
  [
    'Kata-Sandi-Pelita-2024!',
    '$argon2id$v=19$m=19456,p=1,t=2$jGU6k17A2qvqVV4yeohgFg$clWDax8aD2egkcQ8bEbov4V0SONq6x6JCCnuJUKfMoA',
  ],
  [
    'pässwörd-ünïcode-✓ ok',
    '$argon2id$v=19$m=19456,p=1,t=2$7k1CvrWSS9VAsFnltcNSow$+FwrZ0XrKi+ugyrVJFz8UP1CeIo77+0R2j3+5zG0Irk',
  ],
];

/** Splits a PHC string `$alg$v=..$k=v,k=v$salt$hash` into its algorithm, version and parameters. */
function phcParts(phc: string): { algorithm: string; version: string; params: Record<string, string> } {
  const [, algorithm, version, params] = phc.split('$');
  return {
    algorithm,
    version,
    params: Object.fromEntries(params.split(',').map((pair) => pair.split('=') as [string, string])),
  };
}

describe('password hashing', () => {
  it.each(LEGACY_HASHES)('verifies a stored legacy hash of %j', async (password, phc) => {
    await expect(verifyPassword(phc, password)).resolves.toBe(true);
  });

  it.each(LEGACY_HASHES)('refuses a wrong password against the legacy hash of %j', async (password, phc) => {
    await expect(verifyPassword(phc, `${password}x`)).resolves.toBe(false);
    await expect(verifyPassword(phc, password.slice(0, -1))).resolves.toBe(false);
    await expect(verifyPassword(phc, '')).resolves.toBe(false);
  });

  it('round-trips a new hash', async () => {
    const hash = await hashPassword('a brand new password');
    await expect(verifyPassword(hash, 'a brand new password')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'a brand new passworD')).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [first, second] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(first).not.toBe(second);
  });

  it('hashes with argon2id and the same cost as the legacy hashes', async () => {
    const fresh = phcParts(await hashPassword('cost check password'));
    expect(fresh.algorithm).toBe('argon2id');
    expect(fresh.version).toBe('v=19');
    expect(fresh.params).toEqual({ m: '19456', t: '2', p: '1' });
    // The same cost the stored hashes were made with, so the switch neither weakens nor slows logins.
    for (const [, phc] of LEGACY_HASHES) expect(phcParts(phc).params).toEqual(fresh.params);
  });

  it('answers false for an unknown account, even with the dummy password', async () => {
    await expect(verifyPassword(undefined, 'any password at all')).resolves.toBe(false);
    await expect(verifyPassword(undefined, 'pelita-dummy-password')).resolves.toBe(false);
  });

  it('still runs a full verification for an unknown account, so timing does not reveal it', async () => {
    await verifyPassword(undefined, 'warm-up'); // the dummy hash is made once, on first use
    const started = process.hrtime.bigint();
    await verifyPassword(undefined, 'any password at all');
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // Filling 19 MiB twice takes well over 2 ms on any CPU; an early `return false` takes microseconds.
    // A lower bound only, so a busy machine cannot make this flaky.
    expect(elapsedMs).toBeGreaterThan(2);
  });

  it('answers false, without throwing, for a malformed stored hash', async () => {
    await expect(verifyPassword('not-a-phc-string', 'whatever')).resolves.toBe(false);
    await expect(verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$', 'whatever')).resolves.toBe(false);
  });
});
