import type { z } from 'zod';

/** One bad field of an input: `path` is like `data.applicant.personalId` or `data.fees[0].amount`. */
export interface ContractViolation {
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

/**
 * Turns zod issues into messages an integrator can act on: one per bad field, naming it, in
 * plain words ("is required", "is not a known field") rather than zod's internal phrasing.
 */
export function toViolations(error: z.ZodError, input: unknown): ContractViolation[] {
  const out: ContractViolation[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: 'is not a known field' });
      }
      continue;
    }
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      out.push({ path: formatPath(issue.path), message: 'is required' });
      continue;
    }
    if (issue.code === 'invalid_type') {
      out.push({ path: formatPath(issue.path), message: `must be ${article(issue.expected)}` });
      continue;
    }
    if (issue.code === 'invalid_value' && valueAt(input, issue.path) === undefined) {
      out.push({ path: formatPath(issue.path), message: 'is required' });
      continue;
    }
    if (issue.code === 'invalid_value') {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      out.push({
        path: formatPath(issue.path),
        message: issue.values.length === 1 ? `must be ${allowed}` : `must be one of ${allowed}`,
      });
      continue;
    }
    out.push({ path: formatPath(issue.path), message: issue.message });
  }
  return out;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
