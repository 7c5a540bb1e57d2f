import type { FieldError } from '@hub/observability';
import type { ConfiguredDepartments } from '../../department-keys/configured-departments';
import { agencyOfCaseCode } from '../../department-keys/configured-departments';

/**
 * The case codes a department may not use: those outside its configured agency codes. The first
 * department to send a case code owns that case for good, so without this check a department
 * could open a case code under another agency's prefix and so block that agency's own
 * `case.received`. Pure, so HTTP and Kafka intake (and a unit spec) share it: each violation
 * names `subject`, with the event's index in its request or batch.
 */
export function caseAgencyViolations(
  departments: ConfiguredDepartments,
  department: string,
  events: readonly { index: number; event: { subject: string } }[],
): FieldError[] {
  const violations: FieldError[] = [];
  for (const { index, event } of events) {
    if (departments.mayUseCaseCode(department, event.subject)) continue;
    const own = departments.agencyCodesOf(department);
    violations.push({
      index,
      path: 'subject',
      message: `agency ${agencyOfCaseCode(event.subject)} is not one of department ${department}'s (${
        own.length > 0 ? own.join(', ') : 'none configured'
      })`,
    });
  }
  return violations;
}
