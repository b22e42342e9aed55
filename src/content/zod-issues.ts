import type { z } from 'zod';
import type { LocatedError } from './errors';
import type { YamlSource } from './yaml-source';

/** Every problem zod found, each at its field's line (unknown fields at the field itself). */
export function reportIssues(source: YamlSource, error: z.ZodError, errors: LocatedError[]): void {
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push(source.error([...issue.path, key], 'unknown field', { atKey: true }));
      continue;
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    errors.push(source.error(issue.path, missing ? 'is required' : issue.message));
  }
}
