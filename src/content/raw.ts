/** Loose readers of a parsed YAML value, for cross-checks that run even when the shape check failed. */

export type Raw = Record<string, unknown>;

export const asRecord = (value: unknown): Raw | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
