import type { z } from 'zod';

/** One bad field: `path` names it the way the portal does (`TaiLieuNop[0].TenTepDinhKem`). */
export interface FieldIssue {
  path: string;
  reason: string;
}

/** How the path of the value itself reads, when the whole value (not a field in it) is wrong. */
export const ROOT_PATH = '(gốc)';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? ROOT_PATH : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'chuỗi ký tự (string)',
  array: 'danh sách (array)',
  object: 'đối tượng (object)',
  record: 'đối tượng (object)',
};

/**
 * Turns zod issues into the portal's Vietnamese reasons, one per bad field. Values are never
 * echoed: a dossier carries personal IDs and the reply may end up in the caller's logs.
 */
export function toFieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), reason: 'trường không được hỗ trợ' });
      }
      continue;
    }
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && value === undefined) {
      out.push({ path, reason: 'bắt buộc phải có' });
    } else if (issue.code === 'invalid_type') {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      out.push({ path, reason: `phải là ${expected}, nhận được ${kindOf(value)}` });
    } else if (issue.code === 'invalid_value' && typeof value !== 'string') {
      // Every value on the DVCQG wire is a string; "1" and 1 are different answers to the portal.
      out.push({ path, reason: `phải là chuỗi ký tự (string), nhận được ${kindOf(value)}` });
    } else if (issue.code === 'invalid_value') {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      out.push({ path, reason: `phải là một trong ${allowed}` });
    } else {
      out.push({ path, reason: issue.message });
    }
  }
  return out;
}
