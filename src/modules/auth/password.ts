import argon2 from 'argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash (unknown account) it verifies against a dummy hash
 * anyway so both cases take the same time and answer the same way.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  const hash = storedHash ?? (await (dummyHash ??= hashPassword('pelita-dummy-password')));
  try {
    const matches = await argon2.verify(hash, password);
    return matches && storedHash !== undefined;
  } catch {
    return false;
  }
}
