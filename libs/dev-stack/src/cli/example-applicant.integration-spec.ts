import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseEvent } from '@hub/contracts';
import { MOCK_REGISTRY_PATHS, spawnApp, type AppProcess } from '@hub/dev-stack';
import { freePort, repoRoot } from '@hub/testing';
import { EXAMPLE_APPLICANT_ID, exampleReceivedEvent } from './example';

jest.setTimeout(60_000);

/** The `json` block of the README's "Sending events" section: the event a newcomer posts first. */
function readmeExampleEvent(): unknown {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Sending events'));
  const [, json] = /```json\n([\s\S]*?)```/.exec(section) ?? [];
  if (json === undefined) throw new Error('no ```json block in the README\'s "Sending events"');
  return JSON.parse(json);
}

/** HoVaTen as the population database takes it: upper case, no diacritics, no spaces. */
function wireName(fullName: string): string {
  return fullName
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/\s+/g, '')
    .toUpperCase();
}

interface Applicant {
  personalId?: string;
  fullName: string;
  dateOfBirth?: string;
}

/**
 * Needs `npm run build` (the mock runs from dist/). The README's and the banner's example
 * applicant must be someone the mock population database holds with that name and birth date:
 * otherwise a newcomer's first case is flagged as a mismatch and prefill finds nobody.
 */
describe('the example applicant of the README and the npm start banner', () => {
  let mock: AppProcess;
  beforeAll(async () => {
    mock = await spawnApp({
      name: 'mock-population',
      port: await freePort(),
      env: { LOG_LEVEL: 'warn' },
    });
  });
  afterAll(async () => {
    await mock?.kill();
  });

  /** The mock's answer code: "000" found and matching, "003" name or birth date differ. */
  const lookup = async (applicant: Applicant): Promise<{ MaLoi: string; CongDan: unknown }> => {
    const response = await fetch(`${mock.url}${MOCK_REGISTRY_PATHS.population}/CongDan/TraCuu`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        MaYeuCau: 'example-applicant-spec',
        MaCanBo: 'CB-0001',
        MaDVC: '1.001193',
        MucDich: '000.00.01.H26-260312-00042',
        SoDinhDanh: applicant.personalId,
        HoVaTen: wireName(applicant.fullName),
        NgayThangNam: applicant.dateOfBirth?.replace(/-/g, ''),
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { MaLoi: string; CongDan: unknown };
  };

  it('the README shows the very event the banner writes, and it passes the contract', () => {
    const readme = readmeExampleEvent();
    expect(readme).toEqual(exampleReceivedEvent());
    expect(parseCaseEvent(readme)).toMatchObject({ ok: true });
  });

  it('is found by the mock population database with the same name and birth date', async () => {
    const event = exampleReceivedEvent();
    if (event.type !== 'case.received')
      throw new Error(`expected case.received, got ${event.type}`);
    const { applicant } = event.data;
    expect(applicant.personalId).toBe(EXAMPLE_APPLICANT_ID);
    expect(applicant.dateOfBirth).toBeDefined();

    const answer = await lookup(applicant);
    expect(answer.MaLoi).toBe('000');
    expect(answer.CongDan).toMatchObject({
      SoDinhDanh: EXAMPLE_APPLICANT_ID,
      NgayThangNamSinh: { NgayThangNam: applicant.dateOfBirth?.replace(/-/g, '') },
    });
    const { HoVaTen } = answer.CongDan as { HoVaTen: { Ho: string; ChuDem: string; Ten: string } };
    expect([HoVaTen.Ho, HoVaTen.ChuDem, HoVaTen.Ten].join(' ')).toBe(applicant.fullName);
  });

  it('would be caught: another name or birth date for that ID is a mismatch ("003")', async () => {
    const applicant = { personalId: EXAMPLE_APPLICANT_ID, fullName: 'Nguyễn Văn An' };
    expect((await lookup({ ...applicant, fullName: 'Nguyễn Văn Ba' })).MaLoi).toBe('003');
    expect((await lookup({ ...applicant, dateOfBirth: '1990-05-18' })).MaLoi).toBe('003');
  });

  it('the README names the applicant the banner uses for prefill', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    expect(readme).toContain(`ID \`${EXAMPLE_APPLICANT_ID}\``);
  });
});
