import { CASE_CODE_PATTERN, departmentCode } from '@hub/contracts';

/** What the gateway needs from its config to know its departments. */
export interface DepartmentsConfig {
  HUB_DEPARTMENTS: string;
  HUB_API_KEYS: string;
  RATE_LIMIT_DEPARTMENTS: string;
}

/** A case code is `<agency code>-<yyMMdd>-<5 digits>`: the agency code is all but the last 13. */
const CASE_CODE_TAIL = '-yyMMdd-nnnnn'.length;

export function agencyOfCaseCode(caseCode: string): string {
  return caseCode.slice(0, -CASE_CODE_TAIL);
}

/** An agency code is what may stand before `-yyMMdd-nnnnn` in a case code (the contract's rule). */
function isAgencyCode(code: string): boolean {
  return CASE_CODE_PATTERN.test(`${code}-260101-00001`);
}

/**
 * The departments the hub serves and the agency codes each may open cases under
 * (`HUB_DEPARTMENTS=STP:000.00.01.H26|000.00.02.H26,SXD:000.00.03.H26`). An agency code belongs
 * to one department only: the first department to send a case code claims it for good, so a
 * department that could use another's prefix could block that agency's own `case.received`.
 *
 * Without `HUB_DEPARTMENTS` the departments are the ones `HUB_API_KEYS` and
 * `RATE_LIMIT_DEPARTMENTS` name, and case codes are not bound to agencies (`bindsAgencies`
 * false): the state before this variable existed, kept so an unchanged deployment still starts.
 */
export class ConfiguredDepartments {
  private constructor(
    private readonly agencies: ReadonlyMap<string, ReadonlySet<string> | null>,
    readonly bindsAgencies: boolean,
  ) {}

  static fromConfig(config: DepartmentsConfig): ConfiguredDepartments {
    const listed = ConfiguredDepartments.parse(config.HUB_DEPARTMENTS);
    if (listed.size > 0) return new ConfiguredDepartments(listed, true);
    const names = new Map<string, null>();
    for (const name of [
      ...namesOf(config.HUB_API_KEYS),
      ...namesOf(config.RATE_LIMIT_DEPARTMENTS),
    ]) {
      names.set(name, null);
    }
    return new ConfiguredDepartments(names, false);
  }

  /** Parses `DEPT:agency|agency,…`; throws an Error whose message names the bad entry. */
  static parse(spec: string): Map<string, ReadonlySet<string>> {
    const out = new Map<string, ReadonlySet<string>>();
    const owner = new Map<string, string>();
    for (const [i, raw] of spec.split(',').entries()) {
      const part = raw.trim();
      if (part === '') continue;
      const sep = part.indexOf(':');
      const name = sep > 0 ? part.slice(0, sep) : '';
      const codes = sep > 0 ? part.slice(sep + 1).split('|') : [];
      const where = `entry ${i + 1}`;
      if (!departmentCode.safeParse(name).success || codes.length === 0)
        throw new Error(`${where} must be DEPT:agency|agency (e.g. STP:000.00.01.H26)`);
      if (out.has(name)) throw new Error(`${where}: department ${name} is listed twice`);
      for (const code of codes) {
        if (!isAgencyCode(code))
          throw new Error(`${where}: "${code}" is not an agency code like 000.00.01.H26`);
        const other = owner.get(code);
        if (other !== undefined && other !== name)
          throw new Error(`${where}: agency ${code} is already ${other}'s`);
        owner.set(code, name);
      }
      out.set(name, new Set(codes));
    }
    return out;
  }

  has(department: string): boolean {
    return this.agencies.has(department);
  }

  get names(): string[] {
    return [...this.agencies.keys()].sort();
  }

  /** True when `department` may open (and send events of) the case code. */
  mayUseCaseCode(department: string, caseCode: string): boolean {
    if (!this.bindsAgencies) return true;
    return this.agencies.get(department)?.has(agencyOfCaseCode(caseCode)) ?? false;
  }

  /** The agency codes of a department, for messages; empty when not bound or not configured. */
  agencyCodesOf(department: string): string[] {
    return [...(this.agencies.get(department) ?? [])].sort();
  }
}

/** The NAME of every `NAME:…` entry of a comma-separated list (validated by its own variable). */
function namesOf(spec: string): string[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.includes(':'))
    .map((part) => part.slice(0, part.indexOf(':')));
}

/**
 * Cross-variable check: with `HUB_DEPARTMENTS` set, a department key or rate limit for a
 * department it does not list is a mistake (its events would all be refused).
 */
export function departmentsConfigProblems(
  config: DepartmentsConfig,
): { variable: string; message: string }[] {
  let listed: Map<string, ReadonlySet<string>>;
  try {
    listed = ConfiguredDepartments.parse(config.HUB_DEPARTMENTS);
  } catch {
    return []; // HUB_DEPARTMENTS's own check reports it.
  }
  if (listed.size === 0) return [];
  const problems: { variable: string; message: string }[] = [];
  for (const variable of ['HUB_API_KEYS', 'RATE_LIMIT_DEPARTMENTS'] as const) {
    const unknown = [...new Set(namesOf(config[variable]))].filter((n) => !listed.has(n));
    if (unknown.length > 0)
      problems.push({
        variable,
        message: `names ${unknown.join(', ')}, not listed in HUB_DEPARTMENTS`,
      });
  }
  return problems;
}
