import type { TimelineAttemptRow, TimelineEventRow } from '../../insights/ops-insights.repository';
import { buildCaseTimeline } from './get-case-timeline.handler';

const at = (s: number): Date => new Date(Date.UTC(2026, 10, 22, 10, 0, s));
const theCase = {
  caseCode: '000.00.01.H26-261201-00001',
  department: 'STP',
  procedureCode: '1.001193',
  procedureName: 'Thủ tục đăng ký khai sinh',
  status: 'received',
  createdAt: at(0),
};

function event(sequence: number, over: Partial<TimelineEventRow> = {}): TimelineEventRow {
  return {
    eventId: `e${sequence}`,
    type: sequence === 1 ? 'case.received' : 'case.status-changed',
    sequence,
    hubSequence: 0,
    eventTime: at(0),
    acceptedAt: at(sequence),
    inOutbox: false,
    traceId: null,
    job: {
      state: 'synced',
      createdAt: at(10 + sequence),
      publishedAt: at(5 + sequence),
      attempts: 1,
      replayCount: 0,
      nextAttemptAt: at(10),
      syncedAt: at(20 + sequence),
      deadAt: null,
      lastErrorCode: null,
      lastErrorMessage: null,
      portalStatus: '2',
    },
    ...over,
  };
}

const attempt = (
  eventId: string,
  s: number,
  over: Partial<TimelineAttemptRow>,
): TimelineAttemptRow => ({
  eventId,
  at: at(s),
  outcome: 'synced',
  errorCode: null,
  errorMessage: null,
  portalStatus: null,
  operator: null,
  ...over,
});

describe('buildCaseTimeline', () => {
  it('walks an event from the hub to the portal with every attempt and replay in order', () => {
    const tl = buildCaseTimeline({
      case: theCase,
      events: [event(1, { job: { ...event(1).job!, replayCount: 1 } })],
      attempts: [
        attempt('e1', 12, {
          outcome: 'retrying',
          errorCode: 'PORTAL_UNAVAILABLE',
          errorMessage: 'HTTP 503',
        }),
        attempt('e1', 13, {
          outcome: 'dead',
          errorCode: 'PORTAL_REJECTED:5',
          errorMessage: 'bị từ chối',
        }),
        attempt('e1', 14, { outcome: 'replayed', operator: 'ops' }),
        attempt('e1', 15, { outcome: 'synced', portalStatus: '2' }),
      ],
    });
    expect(tl).toMatchObject({
      procedureCode: '1.001193',
      procedureName: 'Thủ tục đăng ký khai sinh',
      state: 'synced',
    });
    expect(tl.events[0]?.steps).toEqual([
      { kind: 'accepted', at: at(1).toISOString() },
      { kind: 'published', at: at(6).toISOString() },
      { kind: 'job-created', at: at(11).toISOString() },
      {
        kind: 'attempt-failed',
        at: at(12).toISOString(),
        errorCode: 'PORTAL_UNAVAILABLE',
        errorMessage: 'HTTP 503',
      },
      {
        kind: 'dead',
        at: at(13).toISOString(),
        errorCode: 'PORTAL_REJECTED:5',
        errorMessage: 'bị từ chối',
      },
      { kind: 'replayed', at: at(14).toISOString(), operator: 'ops' },
      { kind: 'synced', at: at(15).toISOString(), portalStatus: '2' },
    ]);
  });

  it('falls back on the job row when no attempt was recorded, and says who waits behind a dead event', () => {
    const dead = event(1, {
      job: {
        ...event(1).job!,
        state: 'dead',
        syncedAt: null,
        deadAt: at(30),
        lastErrorCode: 'PORTAL_REJECTED:5',
        lastErrorMessage: 'sai thông tin',
      },
    });
    const behind = event(2, { job: { ...event(2).job!, state: 'pending', syncedAt: null } });
    const tl = buildCaseTimeline({ case: theCase, events: [dead, behind], attempts: [] });
    expect(tl.state).toBe('dead');
    expect(tl.events[0]?.steps.at(-1)).toEqual({
      kind: 'dead',
      at: at(30).toISOString(),
      errorCode: 'PORTAL_REJECTED:5',
      errorMessage: 'sai thông tin',
    });
    expect(tl.events[0]?.waitingBehind).toBeNull();
    expect(tl.events[1]).toMatchObject({ state: 'pending', waitingBehind: 1, nextAttemptAt: null });
  });

  it('shows an event still in the outbox, and one Kafka has not turned into a job yet', () => {
    const tl = buildCaseTimeline({
      case: theCase,
      events: [event(1, { job: null }), event(2, { inOutbox: true, job: null })],
      attempts: [],
    });
    expect(tl.state).toBe('in-progress');
    expect(tl.events.map((e) => [e.state, e.steps.map((s) => s.kind)])).toEqual([
      ['awaiting-job', ['accepted', 'published']],
      ['in-outbox', ['accepted']],
    ]);
    expect(tl.events[0]?.steps[1]).toEqual({ kind: 'published', at: null });
  });

  it('names the sequence the department never sent, and gives the events behind it no attempt time', () => {
    const pending = (sequence: number) =>
      event(sequence, {
        job: { ...event(sequence).job!, state: 'pending', syncedAt: null, nextAttemptAt: at(1) },
      });
    const tl = buildCaseTimeline({
      case: theCase,
      events: [event(1), event(2), event(3), pending(5), pending(7)],
      attempts: [],
    });
    expect(tl.missingSequences).toEqual([4, 6]);
    expect(tl.events.map((e) => [e.sequence, e.waitingBehind, e.nextAttemptAt])).toEqual([
      [1, null, null],
      [2, null, null],
      [3, null, null],
      [5, 4, null],
      [7, 4, null],
    ]);
    expect(tl.state).toBe('in-progress');
  });

  it('lists an event the hub originated after its anchor, missing nothing', () => {
    const paid = event(2, { eventId: 'hub-payment-T1', type: 'payment.completed', hubSequence: 1 });
    const tl = buildCaseTimeline({
      case: theCase,
      events: [event(1), event(2), paid, event(3)],
      attempts: [],
    });
    expect(tl.missingSequences).toEqual([]);
    expect(tl.events.map((e) => [e.sequence, e.hubSequence, e.type])).toEqual([
      [1, 0, 'case.received'],
      [2, 0, 'case.status-changed'],
      [2, 1, 'payment.completed'],
      [3, 0, 'case.status-changed'],
    ]);
    expect(tl.state).toBe('synced');
  });

  it('gives each event its trace id, and a link when a trace UI is configured', () => {
    const traced = event(1, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    const input = { case: theCase, events: [traced, event(2)], attempts: [] };
    expect(buildCaseTimeline(input).events.map((e) => [e.traceId, e.traceUrl])).toEqual([
      ['4bf92f3577b34da6a3ce929d0e0e4736', null],
      [null, null],
    ]);
    const linked = buildCaseTimeline({ ...input, traceUrl: 'http://jaeger:16686/trace/{traceId}' });
    expect(linked.events.map((e) => e.traceUrl)).toEqual([
      'http://jaeger:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736',
      null,
    ]);
  });
});
