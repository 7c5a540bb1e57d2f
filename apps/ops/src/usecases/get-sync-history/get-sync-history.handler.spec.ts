import { fillMinutes, historyPoints } from './get-sync-history.handler';

describe('sync history', () => {
  it('zero-fills every minute of the window, oldest first', () => {
    const now = new Date('2026-11-22T10:05:30Z');
    const out = fillMinutes(
      [
        { minute: new Date('2026-11-22T10:03:00Z'), accepted: 7, synced: 2 },
        { minute: new Date('2026-11-22T10:05:00Z'), accepted: 0, synced: 5 },
        { minute: new Date('2026-11-22T09:00:00Z'), accepted: 9, synced: 9 }, // outside the window
      ],
      3,
      now,
    );
    expect(out).toEqual([
      { minute: '2026-11-22T10:03:00.000Z', accepted: 7, synced: 2 },
      { minute: '2026-11-22T10:04:00.000Z', accepted: 0, synced: 0 },
      { minute: '2026-11-22T10:05:00.000Z', accepted: 0, synced: 5 },
    ]);
  });

  it('turns samples into rate and backlog points (rate 1 when nothing was accepted)', () => {
    const base = { pending: 0, retrying: 0, dead: 0, oldestUnsyncedSeconds: 0, outboxBacklog: 0 };
    expect(
      historyPoints([
        { ...base, sampledAt: new Date('2026-11-22T10:00:00Z'), total: 0, synced: 0 },
        {
          ...base,
          sampledAt: new Date('2026-11-22T10:00:15Z'),
          total: 8,
          synced: 6,
          dead: 1,
          pending: 1,
          outboxBacklog: 3,
        },
      ]),
    ).toEqual([
      {
        at: '2026-11-22T10:00:00.000Z',
        syncRate: 1,
        total: 0,
        synced: 0,
        backlog: 0,
        dead: 0,
        oldestUnsyncedSeconds: 0,
        outboxBacklog: 0,
      },
      {
        at: '2026-11-22T10:00:15.000Z',
        syncRate: 0.75,
        total: 8,
        synced: 6,
        backlog: 2,
        dead: 1,
        oldestUnsyncedSeconds: 0,
        outboxBacklog: 3,
      },
    ]);
  });
});
