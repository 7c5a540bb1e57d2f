import type { FieldError } from '@hub/observability';
import type { CatalogSnapshot } from '../../catalog/procedure-catalog.cache';

/** The slice of an event the catalog check reads: `case.received` names its procedure and agency. */
interface CheckedEvent {
  index: number;
  event: { type: string; data?: unknown };
}

/**
 * The `case.received` events whose procedure is not in the national catalog, or whose agency
 * does not perform it there: one error each, naming `data.procedureCode` or `data.agencyCode`
 * and the catalog's refresh time. Pure, so HTTP and Kafka intake (and a unit spec) share it.
 * Other event types name no procedure: their case was checked when it was received.
 */
export function catalogViolations(
  catalog: CatalogSnapshot,
  events: readonly CheckedEvent[],
): FieldError[] {
  const asOf = `the national catalog as refreshed at ${catalog.refreshedAt.toISOString()}`;
  const violations: FieldError[] = [];
  for (const { index, event } of events) {
    if (event.type !== 'case.received') continue;
    const data = (event.data ?? {}) as { procedureCode?: unknown; agencyCode?: unknown };
    const procedure = String(data.procedureCode);
    const agencies = catalog.procedures.get(procedure);
    if (!agencies) {
      violations.push({
        index,
        path: 'data.procedureCode',
        message: `procedure ${procedure} is not in ${asOf}`,
      });
      continue;
    }
    const agency = String(data.agencyCode);
    if (!agencies.has(agency)) {
      violations.push({
        index,
        path: 'data.agencyCode',
        message: `agency ${agency} does not perform procedure ${procedure} in ${asOf} (it lists ${
          agencies.size > 0 ? [...agencies].sort().join(', ') : 'no agency'
        })`,
      });
    }
  }
  return violations;
}
