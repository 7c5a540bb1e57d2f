import { departmentCode } from '@hub/contracts';
import { ProblemException } from '@hub/observability';
import { MONTH_PATTERN } from '../../indicators/indicator-formulas';

export interface GetIndicatorsCommand {
  month: string;
  department?: string;
}

function invalid(path: string, message: string): ProblemException {
  return new ProblemException(
    400,
    'INVALID_QUERY',
    'Invalid query parameter',
    `${path} ${message}.`,
    [{ path, message }],
  );
}

/** Validates itself when built, whoever builds it (HTTP today). */
export function getIndicatorsCommand(query: {
  month?: unknown;
  department?: unknown;
}): GetIndicatorsCommand {
  const { month, department } = query;
  if (typeof month !== 'string' || month === '') {
    throw invalid('query.month', 'is required, as YYYY-MM (e.g. 2026-03)');
  }
  if (!MONTH_PATTERN.test(month)) throw invalid('query.month', 'must be a month as YYYY-MM');
  if (department === undefined || department === '') return { month };
  if (typeof department !== 'string' || !departmentCode.safeParse(department).success) {
    throw invalid('query.department', 'must be a department code (letters, digits, - or _)');
  }
  return { month, department };
}
