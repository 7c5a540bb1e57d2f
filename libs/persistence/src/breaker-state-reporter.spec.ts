import type { HubLogger } from '@hub/observability';
import type {
  BreakerState,
  NationalAdapterStateRepository,
  NationalCallCounts,
} from './repositories/national-adapter-state.repository';
import { type BreakerSource, BreakerStateReporter } from './breaker-state-reporter';

class FakeBreaker implements BreakerSource {
  state: BreakerState = 'closed';
  private listeners: ((s: BreakerState) => void)[] = [];
  breakerState(): BreakerState {
    return this.state;
  }
  onBreakerChange(listener: (s: BreakerState) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }
  change(state: BreakerState): void {
    this.state = state;
    for (const l of this.listeners) l(state);
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('BreakerStateReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports at start, on every change, as a heartbeat, and forgets itself on stop', async () => {
    const reported: BreakerState[] = [];
    const forgotten: string[] = [];
    const repo = {
      report: jest.fn((_a: string, _i: string, _s: string, state: BreakerState) => {
        reported.push(state);
        return Promise.resolve();
      }),
      forget: jest.fn((instance: string) => {
        forgotten.push(instance);
        return Promise.resolve();
      }),
    } as unknown as NationalAdapterStateRepository;
    const logger = { event: jest.fn() } as unknown as HubLogger;
    const breaker = new FakeBreaker();
    const reporter = new BreakerStateReporter('portal', 'portal-sync', breaker, repo, logger, 1000);

    reporter.start();
    await flush();
    breaker.change('open');
    await flush();
    jest.advanceTimersByTime(1000);
    await flush();
    breaker.change('half-open');
    breaker.change('closed');
    await flush();
    expect(reported).toEqual(['closed', 'open', 'open', 'half-open', 'closed']);

    await reporter.stop();
    jest.advanceTimersByTime(5000);
    await flush();
    breaker.change('open');
    await flush();
    expect(reported).toHaveLength(5);
    expect(forgotten).toEqual([reporter.instance]);
  });

  it('only logs when Postgres cannot take a report, and keeps reporting', async () => {
    let fail = true;
    const repo = {
      report: jest.fn(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve())),
      forget: jest.fn(() => Promise.resolve()),
    } as unknown as NationalAdapterStateRepository;
    const event = jest.fn();
    const breaker = new FakeBreaker();
    const reporter = new BreakerStateReporter(
      'portal',
      'portal-sync',
      breaker,
      repo,
      { event } as unknown as HubLogger,
      1000,
    );
    reporter.start();
    await flush();
    expect(event).toHaveBeenCalledWith('warn', 'could not report breaker state', {
      adapter: 'portal',
      error: 'down',
    });
    fail = false;
    breaker.change('open');
    await flush();
    expect(repo.report).toHaveBeenLastCalledWith(
      'portal',
      reporter.instance,
      'portal-sync',
      'open',
      undefined, // this source keeps no call counts
    );
    await reporter.stop();
  });

  it('sends the call counts as they are when each report is written', async () => {
    const written: (NationalCallCounts | undefined)[] = [];
    const repo = {
      report: jest.fn((...args: [string, string, string, BreakerState, NationalCallCounts?]) => {
        written.push(args[4]);
        return Promise.resolve();
      }),
      forget: jest.fn(() => Promise.resolve()),
    } as unknown as NationalAdapterStateRepository;
    const counts: NationalCallCounts = { calls: 0, failures: 0, sent: 0, sentSeconds: 0 };
    const breaker = Object.assign(new FakeBreaker(), { callStats: () => ({ ...counts }) });
    const logger = { event: jest.fn() } as unknown as HubLogger;
    const reporter = new BreakerStateReporter('portal', 'portal-sync', breaker, repo, logger, 1000);
    reporter.start();
    await flush();
    Object.assign(counts, { calls: 7, failures: 3, sent: 5, sentSeconds: 1.25 });
    jest.advanceTimersByTime(1000);
    await flush();
    expect(written).toEqual([
      { calls: 0, failures: 0, sent: 0, sentSeconds: 0 },
      { calls: 7, failures: 3, sent: 5, sentSeconds: 1.25 },
    ]);
    await reporter.stop();
  });
});
