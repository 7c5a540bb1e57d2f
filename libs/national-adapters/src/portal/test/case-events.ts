import {
  type CaseEvent,
  type CaseEventInput,
  type CaseStatus,
  exampleCase,
  parseCaseEvent,
} from '@hub/contracts';

/*
 * Test data built from the contracts' `exampleCase()` factory and validated by the contracts'
 * own parser, so every event a spec feeds the mapping is one a department could really send.
 */

type Patch = Record<string, unknown>;

/** Parses (applying defaults) or fails the test with the contract's violations. */
export function parsed(input: CaseEventInput): CaseEvent {
  const result = parseCaseEvent(input);
  if (!result.ok) throw new Error(`invalid test event: ${JSON.stringify(result.violations)}`);
  return result.value;
}

/** The example lifecycle: received, processing, payment, result issued, result returned. */
export function exampleHistory(options: Parameters<typeof exampleCase>[0] = {}): CaseEvent[] {
  return exampleCase(options).events.map(parsed);
}

/** `event` with `data` fields replaced (undefined removes a field) and envelope overrides. */
export function variant(event: CaseEvent, data: Patch, envelope: Patch = {}): CaseEvent {
  const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown> & { data: Patch };
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) delete copy.data[key];
    else copy.data[key] = value;
  }
  return parsed({ ...copy, ...envelope } as unknown as CaseEventInput);
}

/** A case.status-changed for the example case at `sequence`, modelled on the example's own. */
export function statusChange(
  history: readonly CaseEvent[],
  sequence: number,
  status: CaseStatus,
  data: Patch = {},
): CaseEvent {
  const template = history.find((e) => e.type === 'case.status-changed');
  if (template === undefined) throw new Error('history has no status change to copy');
  return variant(
    template,
    { status, handledBy: undefined, note: undefined, ...data },
    { sequence, id: `${template.id.replace(/-\d+$/, '')}-${sequence}` },
  );
}
