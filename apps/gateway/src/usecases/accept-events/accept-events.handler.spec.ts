import { exampleCase } from '@hub/contracts';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { EventIntakeRepository, IntakeResult } from '../../event-intake.repository';
import { GatewayErrorCode } from '../../gateway.errors';
import { AcceptEventsCommand } from './accept-events.command';
import { AcceptEventsHandler } from './accept-events.handler';

function handlerWith(accept: () => Promise<IntakeResult>): AcceptEventsHandler {
  const intake = { accept } as unknown as EventIntakeRepository;
  return new AcceptEventsHandler(
    intake,
    HubLogger.for('test', 'silent'),
    new MetricsRegistry('test'),
  );
}

function command(): AcceptEventsCommand {
  const built = AcceptEventsCommand.create({
    department: 'STP',
    body: exampleCase().events,
    kind: 'batch',
    maxBatch: 500,
  });
  if (!built.ok) throw new Error('factory events must be valid');
  return built.command;
}

describe('AcceptEventsHandler', () => {
  it('counts accepted and duplicate events', async () => {
    const handler = handlerWith(() =>
      Promise.resolve({
        kind: 'accepted',
        results: [
          { id: 'a', status: 'accepted' },
          { id: 'b', status: 'duplicate' },
        ],
      }),
    );
    expect(await handler.execute(command())).toMatchObject({
      kind: 'accepted',
      accepted: 1,
      duplicates: 1,
    });
  });

  it('maps a conflict to 409 with the field errors', async () => {
    const errors = [
      { index: 2, path: 'id', message: 'was already used for an event with different content' },
    ];
    const handler = handlerWith(() => Promise.resolve({ kind: 'conflict', errors }));
    expect(await handler.execute(command())).toMatchObject({
      kind: 'refused',
      code: GatewayErrorCode.IdConflict,
      errors,
    });
  });

  it('refuses with 503 and Retry-After when Postgres cannot be reached, and rethrows anything else', async () => {
    const down = handlerWith(() =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    );
    expect(await down.execute(command())).toMatchObject({
      kind: 'refused',
      code: GatewayErrorCode.Unavailable,
      retryAfterSeconds: 5,
    });
    const bug = handlerWith(() => Promise.reject(new TypeError('boom')));
    await expect(bug.execute(command())).rejects.toThrow('boom');
  });
});
