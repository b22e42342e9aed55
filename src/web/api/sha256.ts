import { Sha256 } from './sha256-incremental';

/**
 * SHA-256 hex of a UTF-8 string, for automatic persisted queries. crypto.subtle exists only in
 * secure contexts (https, localhost): a phone reaching a test server by its LAN address over
 * plain http has none, so a small implementation stands in there.
 */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  if (globalThis.crypto?.subtle) return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  return hex(sha256(bytes));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** FIPS 180-4 in one go (the incremental hasher that uploads use, fed once). */
export function sha256(message: Uint8Array): Uint8Array {
  const hasher = new Sha256();
  hasher.update(message);
  return hasher.digest();
}
