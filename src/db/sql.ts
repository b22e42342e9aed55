/** `?, ?, ?` for an IN list of `count` values passed as separate parameters. */
export const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
