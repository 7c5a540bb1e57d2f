import fc from 'fast-check';
import { topics } from '@hub/contracts';
import { type ConsumedRecord, deadLetterEventOf, toBinaryRecord } from '@hub/messaging';
import { createDataSource, runMigrations } from '@hub/persistence';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { readDeadLetter } from './dead-letters-topic.controller';
import { IntakeDeadLetterRepository } from './intake-dead-letter.repository';

jest.setTimeout(30_000);

/** A department's inbound record the gateway refused, on the dead-letter topic as published. */
function published(offset: number, personalId = '001090001234'): ConsumedRecord {
  const refused: ConsumedRecord = {
    topic: topics.inbound,
    partition: 2,
    offset: String(offset),
    key: '000.00.01.H26-261205-00001',
    headers: { ce_id: `evt-${offset}`, 'hub-department': 'STP' },
    value: JSON.stringify({ applicant: { personalId } }),
    timestamp: '1764900000000',
  };
  const event = deadLetterEventOf(
    {
      record: refused,
      department: 'STP',
      consumerGroup: 'hub-gateway-inbound',
      idWithGroup: false,
      reason: {
        code: 'INVALID_EVENT',
        detail: '1 of 1 events are invalid; nothing was stored.',
        errors: [{ index: 0, path: 'data.applicant.personalId', message: 'must be 12 digits' }],
      },
    },
    new Date('2026-12-05T03:00:00Z'),
  );
  const record = toBinaryRecord(event, refused.key ?? '');
  return {
    topic: topics.deadLetters,
    partition: 0,
    offset: String(offset),
    key: record.key,
    headers: record.headers,
    value: record.value,
    timestamp: '1764903600000',
  };
}

describe('intake dead letters', () => {
  it('reads a published dead letter: the reason and where the original is, not its content', () => {
    const read = readDeadLetter(published(41));
    expect(read).toEqual({
      ok: true,
      letter: {
        id: `dl:${topics.inbound}:2:41`,
        deadAt: '2026-12-05T03:00:00.000Z',
        consumerGroup: 'hub-gateway-inbound',
        department: 'STP',
        eventId: 'evt-41',
        caseCode: '000.00.01.H26-261205-00001',
        code: 'INVALID_EVENT',
        detail: '1 of 1 events are invalid; nothing was stored.',
        errors: [{ index: 0, path: 'data.applicant.personalId', message: 'must be 12 digits' }],
        topic: topics.inbound,
        partition: 2,
        offset: '41',
      },
    });
    expect(JSON.stringify(read)).not.toContain('001090001234');
  });

  it('refuses, never throws on, any record that is no dead letter', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })),
        fc.option(fc.string({ maxLength: 200 })),
        (headers, value) => {
          const read = readDeadLetter({ ...published(1), headers, value });
          expect(read.ok).toBe(false);
        },
      ),
    );
    const broken = published(2);
    expect(readDeadLetter({ ...broken, value: '{"reason":' })).toMatchObject({ ok: false });
    expect(
      readDeadLetter({ ...broken, headers: { ...broken.headers, ce_type: 'case.received' } }),
    ).toMatchObject({ ok: false });
  });

  describe('repository (real Postgres)', () => {
    let pg: PostgresHandle;
    let ds: DataSource;
    let repo: IntakeDeadLetterRepository;

    beforeAll(async () => {
      pg = await startPostgres({ freshDatabase: true });
      await runMigrations(pg.url);
      ds = createDataSource({ url: pg.url, applicationName: 'test' });
      await ds.initialize();
      repo = new IntakeDeadLetterRepository(ds);
    });

    afterAll(async () => {
      await ds?.destroy();
      await pg?.stop();
    });

    const letter = (offset: number) => {
      const read = readDeadLetter(published(offset));
      if (!read.ok) throw new Error(read.reason);
      return { ...read.letter, deadAt: new Date(Date.UTC(2026, 11, 5, 3, offset)).toISOString() };
    };

    it('keeps each dead letter once, lists the open ones newest first, and marks one handled', async () => {
      expect(await repo.insert([letter(1), letter(2), letter(3)])).toBe(3);
      // A redelivered batch (or the same record refused again) adds nothing.
      expect(await repo.insert([letter(2), letter(3)])).toBe(0);

      const open = await repo.list({ state: 'open', limit: 10, offset: 0 });
      expect(open.open).toBe(3);
      expect(open.items.map((l) => l.offset)).toEqual(['3', '2', '1']);

      const handled = await repo.acknowledge(letter(2).id, 'ops-anna');
      expect(handled).toMatchObject({ acknowledgedBy: 'ops-anna' });
      expect(handled?.acknowledgedAt).toEqual(expect.any(String));
      // Idempotent: the first operator stays.
      expect(await repo.acknowledge(letter(2).id, 'ops-binh')).toMatchObject({
        acknowledgedBy: 'ops-anna',
        acknowledgedAt: handled?.acknowledgedAt,
      });
      expect(await repo.acknowledge('dl:nope', 'ops-anna')).toBeUndefined();

      const after = await repo.list({ state: 'open', limit: 10, offset: 0 });
      expect(after.open).toBe(2);
      expect(after.items.map((l) => l.offset)).toEqual(['3', '1']);
      expect(
        (await repo.list({ state: 'all', limit: 2, offset: 1 })).items.map((l) => l.offset),
      ).toEqual(['2', '1']);
    });
  });
});
