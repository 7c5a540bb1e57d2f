import {
  ApiKeyring,
  DepartmentKeyVerifier,
  type StoredDepartmentKey,
  generateDepartmentKey,
  keyIdOf,
} from '@hub/auth';
import { deadLetterV1, exampleCase, topics, type DeadLetterReason } from '@hub/contracts';
import { type ConsumedRecord, toBinaryRecord } from '@hub/messaging';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { EventIntakeRepository, IntakeResult } from '../../event-intake.repository';
import { GatewayErrorCode } from '../../gateway.errors';
import { deadLetterOf, type DeadLetterPublisher } from '../../inbound/dead-letter.publisher';
import { DepartmentInboundKeyResolver } from '../../inbound/inbound-key-resolver';
import { AcceptEventsHandler } from '../accept-events/accept-events.handler';
import {
  AcceptInboundRecordsHandler,
  KEY_ID_HEADER,
  TransientIntakeError,
} from './accept-inbound-records.handler';

const STP_KEY = 'key-for-stp-1';
const keyring = ApiKeyring.parse(`STP:${STP_KEY},SXD:key-for-sxd-1`, 'HUB_API_KEYS');

let offset = 0;
function record(
  event: object,
  extraHeaders: Record<string, string> = { [KEY_ID_HEADER]: keyIdOf(STP_KEY) },
): ConsumedRecord {
  const binary = toBinaryRecord(event as never, 'key');
  return {
    topic: topics.inbound,
    partition: 0,
    offset: String(offset++),
    key: binary.key,
    headers: { ...binary.headers, ...extraHeaders },
    value: binary.value,
    timestamp: '0',
  };
}

const issued = generateDepartmentKey();
const revoked = generateDepartmentKey();
const storedKeys: StoredDepartmentKey[] = [
  {
    keyId: issued.keyId,
    department: 'SYT',
    secretHash: issued.secretHash,
    expiresAt: null,
    revokedAt: null,
    rateLimit: null,
  },
  {
    keyId: revoked.keyId,
    department: 'SYT',
    secretHash: revoked.secretHash,
    expiresAt: null,
    revokedAt: new Date(0),
    rateLimit: null,
  },
];

function setup(
  accept: () => Promise<IntakeResult> = () => Promise.reject(new Error('unused')),
  findByKeyId: (keyId: string) => Promise<StoredDepartmentKey | undefined> = (keyId) =>
    Promise.resolve(storedKeys.find((k) => k.keyId === keyId)),
) {
  const published: { record: ConsumedRecord; reason: DeadLetterReason }[][] = [];
  const intake = { accept: jest.fn(accept) } as unknown as EventIntakeRepository;
  const logger = HubLogger.for('test', 'silent');
  const metrics = new MetricsRegistry('test');
  const publisher = {
    publish: (letters: { record: ConsumedRecord; reason: DeadLetterReason }[]) => {
      published.push(letters);
      return Promise.resolve();
    },
  } as unknown as DeadLetterPublisher;
  const handler = new AcceptInboundRecordsHandler(
    new AcceptEventsHandler(intake, logger, metrics),
    new DepartmentInboundKeyResolver(
      keyring,
      new DepartmentKeyVerifier({ findByKeyId }, { ttlMs: 5000 }),
    ),
    publisher,
    logger,
    metrics,
  );
  return { handler, published, intake };
}

describe('AcceptInboundRecordsHandler', () => {
  const [received] = exampleCase({ department: 'STP' }).events;

  it('accepts a valid record through the same handler as HTTP, as the key id’s department', async () => {
    const { handler, intake, published } = setup(() =>
      Promise.resolve({ kind: 'accepted', results: [{ id: received.id, status: 'accepted' }] }),
    );
    expect(await handler.execute([record(received)])).toEqual([
      { kind: 'accepted', eventId: received.id },
    ]);
    expect(intake.accept).toHaveBeenCalledWith('STP', [
      expect.objectContaining({ event: expect.objectContaining({ id: received.id }) as unknown }),
    ]);
    expect(published).toEqual([[]]);
  });

  it('dead-letters a record without a known key id, and one whose source is another department', async () => {
    const { handler, published, intake } = setup();
    const sxdEvent = exampleCase({ department: 'SXD' }).events[0];
    const outcomes = await handler.execute([
      record(received, {}),
      record(received, { [KEY_ID_HEADER]: keyIdOf('not-a-key-at-all') }),
      record(sxdEvent),
    ]);
    expect(outcomes.map((o) => o.kind === 'dead-letter' && o.reason.code)).toEqual([
      GatewayErrorCode.Unauthenticated,
      GatewayErrorCode.Unauthenticated,
      GatewayErrorCode.ForbiddenSource,
    ]);
    expect(published[0]).toHaveLength(3);
    expect(intake.accept).not.toHaveBeenCalled();
  });

  it('dead-letters a schema violation naming the field, and an unreadable value', async () => {
    const { handler } = setup();
    const bad = record({ ...received, sequence: 2 });
    const unreadable = { ...record(received), value: '{not json' };
    const [violation, malformed] = await handler.execute([bad, unreadable]);
    expect(violation).toMatchObject({
      kind: 'dead-letter',
      reason: { code: GatewayErrorCode.InvalidEvent, errors: [{ path: 'sequence' }] },
    });
    expect(malformed).toMatchObject({
      kind: 'dead-letter',
      reason: { code: GatewayErrorCode.MalformedRecord },
    });
  });

  it('dead-letters a conflict but throws (retry the batch) when Postgres is down', async () => {
    const conflict = setup(() =>
      Promise.resolve({ kind: 'conflict', errors: [{ index: 0, path: 'id', message: 'taken' }] }),
    );
    expect(await conflict.handler.execute([record(received)])).toMatchObject([
      { kind: 'dead-letter', reason: { code: GatewayErrorCode.IdConflict } },
    ]);

    const down = setup(() =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    );
    await expect(down.handler.execute([record(received)])).rejects.toBeInstanceOf(
      TransientIntakeError,
    );
    expect(down.published).toEqual([]);
  });

  it('builds dead letters that satisfy the published contract', () => {
    const r = record(received);
    const letter = deadLetterOf(r, { code: 'INVALID_EVENT', detail: 'x', errors: [] }, 'STP');
    expect(deadLetterV1.safeParse(letter).success).toBe(true);
    expect(letter.data.original).toMatchObject({ topic: topics.inbound, offset: r.offset });
    expect(letter.id).toBe(deadLetterOf(r, letter.data.reason).id);
  });
});

describe('AcceptInboundRecordsHandler with keys issued through the admin API', () => {
  const [received] = exampleCase({ department: 'SYT' }).events;

  it('accepts a record naming a live issued key id, as that key’s department', async () => {
    const { handler, intake } = setup(() =>
      Promise.resolve({ kind: 'accepted', results: [{ id: received.id, status: 'accepted' }] }),
    );
    expect(await handler.execute([record(received, { [KEY_ID_HEADER]: issued.keyId })])).toEqual([
      { kind: 'accepted', eventId: received.id },
    ]);
    expect(intake.accept).toHaveBeenCalledWith('SYT', expect.anything());
  });

  it('dead-letters a record naming a revoked issued key id', async () => {
    const { handler, intake } = setup();
    const [outcome] = await handler.execute([record(received, { [KEY_ID_HEADER]: revoked.keyId })]);
    expect(outcome.kind === 'dead-letter' && outcome.reason.code).toBe(
      GatewayErrorCode.Unauthenticated,
    );
    expect(intake.accept).not.toHaveBeenCalled();
  });

  it('fails the batch (retried, nothing dead-lettered) when the key store is unreachable', async () => {
    const { handler, published } = setup(undefined, () =>
      Promise.reject(new Error('ECONNREFUSED')),
    );
    await expect(
      handler.execute([record(received, { [KEY_ID_HEADER]: issued.keyId })]),
    ).rejects.toThrow(/key store unavailable/);
    expect(published).toEqual([]);
  });
});
