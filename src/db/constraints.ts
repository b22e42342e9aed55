import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { conflict } from '../errors';

/**
 * Runs a write and turns a unique-constraint violation into a CONFLICT naming the field,
 * so races between two requests end the same way as a duplicate caught in advance.
 */
export async function withUniqueFields<T>(
  write: () => Promise<T>,
  fieldsByConstraint: Record<string, { field: string; message: string }>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      const constraint = (error as { constraint?: string }).constraint ?? '';
      const known = fieldsByConstraint[constraint];
      if (known) throw conflict(known.message, known.field);
    }
    throw error;
  }
}
