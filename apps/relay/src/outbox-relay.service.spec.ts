import { laneGroups, pauseAfterRound } from './outbox-relay.service';

const config = { RELAY_POLL_MS: 50, RELAY_LINGER_MS: 10, RELAY_BATCH_SIZE: 500 };

describe('pauseAfterRound', () => {
  it('polls after an empty round, lingers after a partial batch, goes on after a full one', () => {
    expect(pauseAfterRound(0, config)).toBe(50);
    expect(pauseAfterRound(3, config)).toBe(10);
    expect(pauseAfterRound(500, config)).toBe(0);
    expect(pauseAfterRound(1200, config)).toBe(0);
  });

  it('never lingers when the linger is 0', () => {
    expect(pauseAfterRound(3, { ...config, RELAY_LINGER_MS: 0 })).toBe(0);
  });
});

describe('laneGroups', () => {
  it('puts a few busy lanes in one transaction', () => {
    expect(laneGroups([7, 3, 9], 4)).toEqual([[7, 3, 9]]);
    expect(laneGroups([], 4)).toEqual([]);
  });

  it('deals many lanes over at most `concurrency` groups, each lane once', () => {
    const lanes = Array.from({ length: 30 }, (_, i) => i);
    const groups = laneGroups(lanes, 4);
    expect(groups).toHaveLength(4);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(lanes);
    expect(laneGroups(lanes.slice(0, 9), 4)).toHaveLength(3);
  });
});
