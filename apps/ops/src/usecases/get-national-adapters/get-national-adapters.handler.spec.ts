import type { NationalAdapterInstanceState } from '@hub/persistence';
import { summariseAdapters } from './get-national-adapters.handler';

const row = (over: Partial<NationalAdapterInstanceState>): NationalAdapterInstanceState => ({
  adapter: 'portal',
  instance: 'host-1',
  service: 'portal-sync',
  state: 'closed',
  changedAt: new Date('2026-11-22T10:00:00Z'),
  heartbeatAt: new Date('2026-11-22T10:05:00Z'),
  heartbeatAgeSeconds: 2,
  ...over,
});

describe('summariseAdapters', () => {
  it('shows an expected adapter nobody reported as unknown', () => {
    expect(summariseAdapters([], 30)).toEqual([
      { adapter: 'portal', state: 'unknown', since: null, instances: [] },
    ]);
  });

  it('takes the worst state among live processes, since the earliest report of it', () => {
    const [portal] = summariseAdapters(
      [
        row({ instance: 'a', state: 'closed' }),
        row({ instance: 'b', state: 'open', changedAt: new Date('2026-11-22T10:02:00Z') }),
        row({ instance: 'c', state: 'open', changedAt: new Date('2026-11-22T10:01:00Z') }),
        row({ instance: 'd', state: 'half-open' }),
      ],
      30,
    );
    expect(portal).toMatchObject({ state: 'open', since: '2026-11-22T10:01:00.000Z' });
    expect(portal?.instances).toHaveLength(4);
  });

  it('does not trust a process that has been silent longer than the stale limit', () => {
    const [portal] = summariseAdapters(
      [
        row({ instance: 'gone', state: 'open', heartbeatAgeSeconds: 31 }),
        row({ instance: 'live' }),
      ],
      30,
    );
    expect(portal?.state).toBe('closed');
    expect(portal?.instances.find((i) => i.instance === 'gone')).toMatchObject({
      state: 'unknown',
      reportedState: 'open',
    });
  });

  it('is unknown when every process is stale, and lists adapters others reported', () => {
    const result = summariseAdapters(
      [row({ heartbeatAgeSeconds: 99 }), row({ adapter: 'population', state: 'half-open' })],
      30,
    );
    expect(result.map((a) => [a.adapter, a.state])).toEqual([
      ['population', 'half-open'],
      ['portal', 'unknown'],
    ]);
  });
});
