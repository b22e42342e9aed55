/** The zone's canonical IANA spelling ("asia/jakarta" → "Asia/Jakarta"); undefined when unknown or a bare offset. */
export function canonicalTimeZone(value: string): string | undefined {
  try {
    const zone = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
    // ICU also takes offsets such as "+07:00", which are not zones (no daylight-saving history).
    return /^[A-Za-z]/.test(zone) ? zone : undefined;
  } catch {
    return undefined;
  }
}
