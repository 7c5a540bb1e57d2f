import { Inject, Injectable } from '@nestjs/common';
import type { FieldError } from '@hub/observability';
import { type DepartmentReuse, ReuseKpiRepository } from '@hub/registry-profiles';

export interface ReuseKpis {
  month: string;
  departments: DepartmentReuse[];
  generatedAt: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DEPARTMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Validates `month` (YYYY-MM) and `department`; every problem at once, naming the parameter. */
export function reuseKpiQueryErrors(month: unknown, department: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof month !== 'string' || month === '')
    errors.push({ path: 'query.month', message: 'is required, as YYYY-MM' });
  else if (!MONTH.test(month))
    errors.push({ path: 'query.month', message: 'must be a month as YYYY-MM' });
  if (department !== undefined && (typeof department !== 'string' || !DEPARTMENT.test(department)))
    errors.push({ path: 'query.department', message: 'must be a department code' });
  return errors;
}

/** Once-only reuse per department for one month (Hanoi time). */
@Injectable()
export class GetReuseKpisHandler {
  constructor(@Inject(ReuseKpiRepository) private readonly kpis: ReuseKpiRepository) {}

  async execute(month: string, department?: string): Promise<ReuseKpis> {
    return {
      month,
      departments: await this.kpis.monthly(month, department),
      generatedAt: new Date().toISOString(),
    };
  }
}
