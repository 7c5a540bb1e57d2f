import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleCase } from '@hub/contracts';
import { createDataSource, runMigrations } from '@hub/persistence';
import { repoRoot, startPostgres, type PostgresHandle, waitFor } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import { EventIntakeRepository } from './event-intake.repository';
import {
  AcceptEventsCommand,
  type ValidatedEvent,
} from './usecases/accept-events/accept-events.command';

jest.setTimeout(120_000);

const PERSONAL_ID = '001090164571';

/**
 * The `-c name=value` settings deploy/compose.yaml gives Postgres: the hub's Postgres config, as
 * deployed. This spec applies them to a throwaway cluster of its own (never the machine's shared
 * server) and reads that cluster's log.
 */
async function deployedPostgresSettings(): Promise<[string, string][]> {
  const compose = parse(await readFile(join(repoRoot(), 'deploy/compose.yaml'), 'utf8'), {
    merge: true,
  }) as { services: { postgres: { command?: string[] } } };
  const command = compose.services.postgres.command ?? [];
  return command.flatMap((arg, i) => {
    if (command[i - 1] !== '-c') return [];
    const [name, value] = arg.split('=', 2);
    return [[name, value]];
  });
}

/** A valid received event, then changed the way the contracts no longer let through. */
function storedAs(mutate: (event: { sequence: number; data: Record<string, unknown> }) => void) {
  const { events } = exampleCase({ department: 'STP', number: 7, personalId: PERSONAL_ID });
  const built = AcceptEventsCommand.create({
    department: 'STP',
    body: events[0],
    kind: 'single',
    maxBatch: 1,
  });
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  const [validated] = built.command.events;
  const event = structuredClone(validated.event);
  mutate(event);
  return [{ ...validated, event }] as ValidatedEvent[];
}

describe("Postgres's own log holds no personal ID after a failed insert", () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let dir: string;
  let logFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub-pg-log-'));
    logFile = join(dir, 'postgres.log');
    // env: {} — a DATABASE_URL of the caller must not be used: its log is not ours to read.
    pg = await startPostgres({ preferEmbedded: true, env: {}, logFile });
    if (pg.kind !== 'embedded')
      throw new Error(`needs a Postgres whose log it can read; got ${pg.kind}`);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 2 });
    await ds.initialize();
    for (const [name, value] of await deployedPostgresSettings())
      await ds.query(`ALTER SYSTEM SET ${name} = '${value}'`);
    await ds.query('SELECT pg_reload_conf()');
    await runMigrations(pg.url);
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('when the event JSON cannot be stored, or a constraint refuses its row', async () => {
    const intake = new EventIntakeRepository(ds);
    // A NUL in a text field: jsonb refuses it, and CONTEXT quotes the JSON before it.
    await expect(
      intake.accept(
        'STP',
        storedAs((e) => {
          (e.data['applicant'] as Record<string, unknown>)['fullName'] = 'An\u0000';
        }),
      ),
    ).rejects.toThrow(/Unicode escape/);
    // A check constraint: DETAIL quotes the whole failing row, payload included.
    await expect(
      intake.accept(
        'STP',
        storedAs((e) => {
          e.sequence = 0;
        }),
      ),
    ).rejects.toThrow(/check constraint/);

    // Both failures reached the log (so the grep below has something to look at)…
    const log = await waitFor(
      'both errors in the Postgres log',
      async () => {
        const text = await readFile(logFile, 'utf8');
        return /Unicode escape/.test(text) && /check constraint/.test(text) ? text : undefined;
      },
      10_000,
      100,
    );
    // …and neither quoted the applicant's personal ID.
    expect(log).not.toContain(PERSONAL_ID);
  });
});
