import type { z } from 'zod';
import { ValidationError } from './errors.ts';

/** Parses a body or query against its shared schema; the first problem becomes a 400 VALIDATION_FAILED naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new ValidationError(`${where}${issue.message}`);
}
