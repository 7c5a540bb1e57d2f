import { exampleCase } from '@hub/contracts';
import { createDataSource, runMigrations } from '@hub/persistence';
import { ReusableResultRepository } from '@hub/registry-profiles';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { EventIntakeRepository } from '../../event-intake.repository';
import { AcceptEventsCommand } from '../accept-events/accept-events.command';
import { PurposeCaseRepository } from './purpose-case.repository';

jest.setTimeout(60_000);

const PERSONAL_ID = '001090001234';

describe('prefill purpose and reuse rules (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 2 });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  async function accept(department: string, events: unknown[]): Promise<void> {
    const built = AcceptEventsCommand.create({
      department,
      body: events,
      kind: 'batch',
      maxBatch: 10,
    });
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const result = await new EventIntakeRepository(ds).accept(department, built.command.events);
    if (result.kind !== 'accepted') throw new Error(JSON.stringify(result));
  }

  it("finds a case's department, procedure and case.received applicant", async () => {
    const received = exampleCase({ department: 'STP', number: 1, personalId: PERSONAL_ID });
    await accept('STP', [received.events[0]]);
    expect(await new PurposeCaseRepository(ds).find(received.caseCode)).toEqual({
      caseCode: received.caseCode,
      department: 'STP',
      procedureCode: '1.001193',
      applicant: { kind: 'citizen', id: PERSONAL_ID },
    });
    expect(await new PurposeCaseRepository(ds).find('000.00.01.H26-260312-09999')).toBeUndefined();
  });

  it('knows a case whose case.received has not arrived, without an applicant', async () => {
    const later = exampleCase({ department: 'STP', number: 2, personalId: PERSONAL_ID });
    await accept('STP', [later.events[1]]);
    expect(await new PurposeCaseRepository(ds).find(later.caseCode)).toEqual({
      caseCode: later.caseCode,
      department: 'STP',
      procedureCode: null,
    });
  });

  it("offers another department's result only for the codes the purpose case asks for", async () => {
    const results = new ReusableResultRepository(ds);
    const base = {
      ownerHash: 'owner',
      ownerKind: 'citizen' as const,
      documentName: 'Giấy khai sinh',
      sha256: 'a'.repeat(64),
      url: 'https://files.example.vn/x.pdf',
      issuedAt: new Date('2026-03-12T01:30:00Z'),
    };
    await results.register(ds, [
      {
        ...base,
        eventId: 'e1',
        documentCode: 'KQ-KS',
        documentNo: 'KS-1',
        caseCode: 'c1',
        department: 'STP',
      },
      {
        ...base,
        eventId: 'e2',
        documentCode: 'KQ-XNHN',
        documentNo: 'XN-1',
        caseCode: 'c2',
        department: 'SXD',
      },
      {
        ...base,
        eventId: 'e3',
        documentCode: 'KQ-KS',
        documentNo: 'KS-2',
        caseCode: 'c3',
        department: 'SXD',
      },
    ]);
    const nos = async (otherDepartmentsFor: string[]) =>
      (
        await results.findValid('owner', ['KQ-KS', 'KQ-XNHN'], {
          department: 'STP',
          otherDepartmentsFor,
        })
      )
        .map((r) => r.documentNo)
        .sort();
    expect(await nos([])).toEqual(['KS-1']);
    expect(await nos(['KQ-XNHN'])).toEqual(['KS-1', 'XN-1']);
    expect(
      (await results.findValid('owner', ['KQ-KS', 'KQ-XNHN'])).map((r) => r.documentNo).sort(),
    ).toEqual(['KS-1', 'KS-2', 'XN-1']);
  });
});
