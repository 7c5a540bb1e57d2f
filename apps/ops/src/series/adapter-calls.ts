/** Calls to one national adapter: in total since a process started, or gained over a sample. */
export interface CallCounts {
  calls: number;
  failures: number;
  sent: number;
  sentSeconds: number;
}

export type InstanceCallCounts = CallCounts & { adapter: string; instance: string };

const none = (): CallCounts => ({ calls: 0, failures: 0, sent: 0, sentSeconds: 0 });

/**
 * What each adapter gained between two readings of its processes' running totals, summed over
 * the processes. A process not counted before is new: all its calls are since it started. Totals
 * that went down mean the process restarted (a new process reusing the name): its new totals are
 * what it gained. With nothing counted before (ops' first sample ever) every total is only the
 * base for the next sample, never a burst of all past calls.
 */
export function callDeltas(
  previous: readonly InstanceCallCounts[],
  current: readonly InstanceCallCounts[],
): Map<string, CallCounts> {
  const deltas = new Map<string, CallCounts>();
  if (previous.length === 0) return deltas;
  const before = new Map(previous.map((p) => [`${p.adapter}\u0000${p.instance}`, p]));
  for (const now of current) {
    const then = before.get(`${now.adapter}\u0000${now.instance}`);
    const restarted =
      then !== undefined &&
      (now.calls < then.calls ||
        now.failures < then.failures ||
        now.sent < then.sent ||
        now.sentSeconds < then.sentSeconds);
    const base = then === undefined || restarted ? none() : then;
    const sum = deltas.get(now.adapter) ?? none();
    sum.calls += now.calls - base.calls;
    sum.failures += now.failures - base.failures;
    sum.sent += now.sent - base.sent;
    sum.sentSeconds += now.sentSeconds - base.sentSeconds;
    deltas.set(now.adapter, sum);
  }
  return deltas;
}
