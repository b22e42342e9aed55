import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. Hashes stored before the switch from the
 * `argon2` package use the same parameters; verify reads them from each PHC string anyway.
 */
const HASH_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash (unknown account) it verifies against a dummy hash
 * anyway so both cases take the same time and answer the same way.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  const storedOrDummy = storedHash ?? (await (dummyHash ??= hashPassword('pelita-dummy-password')));
  try {
    const matches = await verify(storedOrDummy, password);
    return matches && storedHash !== undefined;
  } catch {
    return false;
  }
}
