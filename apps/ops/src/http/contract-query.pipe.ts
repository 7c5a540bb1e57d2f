import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { toViolations } from '@hub/contracts';
import { ProblemException } from '@hub/observability';

/**
 * Parses a route's whole query with the schema its contract documents, so the API refuses what
 * the OpenAPI says it refuses: 400 `INVALID_QUERY` naming each bad parameter (`query.range`). A
 * parameter given twice arrives as an array and is refused the same way.
 */
export class ContractQueryPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const query: unknown = value ?? {};
    const parsed = this.schema.safeParse(query);
    if (parsed.success) return parsed.data;
    const errors = toViolations(parsed.error, query).map((e) => ({
      path: `query.${e.path}`,
      message: e.message,
    }));
    throw new ProblemException(
      400,
      'INVALID_QUERY',
      'Invalid query parameter',
      `${errors.map((e) => e.path).join(', ')}: not a value this route takes.`,
      errors,
    );
  }
}
