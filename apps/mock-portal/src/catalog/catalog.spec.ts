import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { type TestCatalog, testCatalog } from '../test/catalog.factory';
import {
  type CatalogProcedure,
  PortalCatalogError,
  SHIPPED_CATALOG,
  catalogFileOf,
  loadPortalCatalog,
  parsePortalCatalog,
} from './catalog';

const REPO = resolve(__dirname, '..', '..', '..', '..');

/** The problems parsing `content` reports (none: the catalog it makes). */
function problemsOf(content: unknown): readonly string[] {
  try {
    parsePortalCatalog(typeof content === 'string' ? content : JSON.stringify(content), 'x.json');
    return [];
  } catch (e) {
    if (e instanceof PortalCatalogError) return e.problems;
    throw e;
  }
}

function spoiled(spoil: (c: TestCatalog) => void): TestCatalog {
  const c = testCatalog();
  spoil(c);
  return c;
}

describe('the shipped catalog (apps/mock-portal/config/catalog.json)', () => {
  const catalog = loadPortalCatalog(catalogFileOf(undefined));
  const procedure = (code: string): CatalogProcedure => {
    const found = catalog.find(code);
    if (!found) throw new Error(`${code} is not in the shipped catalog`);
    return found;
  };
  const agencyCodes = (code: string) => procedure(code).COQUANTHUCHIEN.map((a) => a.MADONVI);
  const replacements = (code: string) =>
    procedure(code)
      .THANHPHANHOSO.map((d) => d.MAKETQUATHAYTHE)
      .filter((r) => r !== '');

  it('is the repository file, read from the source tree', () => {
    expect(catalog.file).toBe(join(REPO, SHIPPED_CATALOG));
  });

  it('holds every procedure code the repository uses, with the meaning it is used with', () => {
    const names: Record<string, RegExp> = {
      '1.001193': /đăng ký khai sinh/,
      '1.000894': /đăng ký kết hôn/,
      '1.004194': /đăng ký thường trú/,
      '2.000488': /Phiếu lý lịch tư pháp/,
      '1.005092': /thay đổi nội dung đăng ký doanh nghiệp/,
      // Used by specs with no stated meaning; given plausible ones.
      '1.000001': /./,
      '1.000002': /./,
      '1.000003': /./,
      '2.000777': /./,
      '2.000778': /./,
      '2.001610': /./,
    };
    for (const [code, name] of Object.entries(names)) {
      expect({ code, name: procedure(code).TENTTHC }).toEqual({
        code,
        name: expect.stringMatching(name) as unknown,
      });
    }
  });

  it('gives the agency codes the meanings the demo departments use (STP, SXD, SYT)', () => {
    const names = new Map(catalog.agencies.map((a) => [a.MADONVI, a.TENDONVI]));
    expect(names.get('000.00.01.H26')).toBe('Sở Tư pháp thành phố Hà Nội');
    expect(names.get('000.00.02.H26')).toBe('Sở Xây dựng thành phố Hà Nội');
    expect(names.get('000.00.03.H26')).toBe('Sở Y tế thành phố Hà Nội');
  });

  it('has each procedure carried out by the agencies examples and fixtures pair it with', () => {
    for (const code of ['1.001193', '2.000488', '1.000001', '2.000777', '2.001610']) {
      expect({ code, agencies: agencyCodes(code) }).toEqual({
        code,
        agencies: expect.arrayContaining(['000.00.01.H26']) as unknown,
      });
    }
    // A business registration change is the finance department's, not the justice department's;
    // the health department's practising licence (the console e2e's second procedure) its own.
    expect(agencyCodes('1.005092')).toEqual(['000.00.04.H26']);
    expect(agencyCodes('1.012274')).toEqual(['000.00.03.H26']);
  });

  it('lets the results prefill reuses stand in for the documents it asks for', () => {
    expect(procedure('1.001193').KETQUATHUCHIEN).toEqual([
      { MAKETQUA: 'KQ-KS', TENKETQUA: 'Giấy khai sinh' },
    ]);
    expect(replacements('1.001193')).toEqual([]);
    expect(replacements('1.004194')).toEqual(['KQ-KS', 'KQ-XNHN']);
    expect(replacements('1.000894')).toEqual(['KQ-XNHN']);
    expect(replacements('2.000488')).toEqual(['KQ-KS']);
    expect(replacements('1.005092')).toEqual(['KQ-GCNDKDN']);
    // And nothing else stands in for anything (libs/registry-profiles/src/procedure-catalog.ts).
    const replacing = catalog.procedures.filter((p) => replacements(p.MATTHC).length > 0);
    expect(replacing.map((p) => p.MATTHC).sort()).toEqual(
      ['1.000894', '1.004194', '1.005092', '2.000488'].sort(),
    );
    const issuers = (result: string) =>
      catalog.procedures
        .filter((p) => p.KETQUATHUCHIEN.some((r) => r.MAKETQUA === result))
        .map((p) => p.MATTHC);
    expect(issuers('KQ-KS')).toEqual(['1.001193']);
    expect(issuers('KQ-XNHN')).toEqual(['1.004873']);
    expect(issuers('KQ-GCNDKDN')).toEqual(expect.arrayContaining(['1.001612', '1.005092']));
    expect(issuers('KQ-GPXD')).toEqual(['1.004415']);
  });

  it('is a realistic spread: levels, channels, fees and agency levels', () => {
    expect(catalog.procedures.length).toBeGreaterThanOrEqual(12);
    expect(catalog.procedures.length).toBeLessThanOrEqual(20);
    expect(catalog.agencies.length).toBeGreaterThanOrEqual(5);
    expect(catalog.agencies.length).toBeLessThanOrEqual(8);
    expect(catalog.agencies.some((a) => a.CAPDONVI === '4')).toBe(true);
    const levels = new Set(catalog.procedures.map((p) => p.MUCDO));
    expect([...levels].sort()).toEqual(['2', '3', '4']);
    for (const p of catalog.procedures) {
      // Fully or partly online means an online channel; information only means none.
      const online = p.CACHTHUCTHUCHIEN.some((c) => c.KENH === '2');
      expect({ code: p.MATTHC, level: p.MUCDO, online }).toEqual({
        code: p.MATTHC,
        level: p.MUCDO,
        online: p.MUCDO !== '2',
      });
    }
    const fees = (p: CatalogProcedure) =>
      p.CACHTHUCTHUCHIEN.flatMap((c) => c.THOIGIAN.flatMap((t) => t.PHILEPHI)).map((f) =>
        Number(f.SOTIEN),
      );
    expect(catalog.procedures.some((p) => fees(p).some((amount) => amount > 0))).toBe(true);
    expect(catalog.procedures.some((p) => fees(p).every((amount) => amount === 0))).toBe(true);
  });

  it('summarises each procedure for LayDanhSachTTHC, in file order', () => {
    expect(catalog.summaries.map((s) => s.MATTHC)).toEqual(catalog.procedures.map((p) => p.MATTHC));
    expect(catalog.summaries[0]).toEqual({
      MATTHC: '1.001193',
      TENTTHC: 'Thủ tục đăng ký khai sinh',
      MUCDO: '4',
      LINHVUCTHUCHIEN: [{ MALINHVUC: 'G09-TP03', TENLINHVUC: 'Hộ tịch' }],
      COQUANTHUCHIEN: procedure('1.001193').COQUANTHUCHIEN,
    });
  });

  it('is frozen: answers hand it out without copying', () => {
    expect(Object.isFrozen(procedure('1.001193').THANHPHANHOSO[0])).toBe(true);
    expect(Object.isFrozen(catalog.agencies)).toBe(true);
  });
});

describe('parsePortalCatalog', () => {
  it('reads a valid file, in order, and knows its codes', () => {
    const catalog = parsePortalCatalog(
      JSON.stringify({ $comment: 'for people', ...testCatalog() }),
      'x.json',
    );
    expect(catalog.procedures).toEqual(testCatalog().procedures);
    expect(catalog.agencies).toEqual(testCatalog().agencies);
    expect(catalog.has('7.900002')).toBe(true);
    expect(catalog.has('1.001193')).toBe(false);
    expect(catalog.find('7.900001')?.TENTTHC).toBe('Thủ tục thử nghiệm cấp giấy xác nhận');
  });

  it('accepts a replacement result that a later procedure issues', () => {
    const c = testCatalog();
    expect(problemsOf({ ...c, procedures: [...c.procedures].reverse() })).toEqual([]);
  });

  it('names the file and every bad field with its JSON path and reason', () => {
    let error: unknown;
    try {
      parsePortalCatalog(
        JSON.stringify(
          spoiled((c) => {
            Object.assign(c.procedures[0], { MATTHC: 7900001, GHICHU: 'x' });
            Object.assign(c.procedures[0].CACHTHUCTHUCHIEN[0], { KENH: 'online' });
            Object.assign(c.procedures[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0], {
              SOTIEN: '12.000',
            });
            Object.assign(c.procedures[1], { COQUANTHUCHIEN: [] });
            Object.assign(c.agencies[1], { CAPDONVI: undefined });
          }),
        ),
        '/etc/catalog.json',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PortalCatalogError);
    expect((error as Error).message).toMatch(/^Invalid portal catalog in \/etc\/catalog\.json:\n/);
    expect((error as PortalCatalogError).problems).toEqual([
      'procedures[0].MATTHC: must be a string, not the number 7900001',
      'procedures[0].CACHTHUCTHUCHIEN[0].KENH: must be one of "1", "2", "3" (a string), not "online"',
      'procedures[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].SOTIEN: must be a whole number in digits, e.g. "8000"',
      'procedures[0].GHICHU: is not a catalog field',
      'procedures[1].COQUANTHUCHIEN: must have at least one entry',
      'agencies[1].CAPDONVI: is required',
    ]);
  });

  it.each<[string, unknown, string]>([
    ['text that is not JSON', '{"procedures": [', '(root): is not JSON: '],
    ['a file without procedures', { agencies: testCatalog().agencies }, 'procedures: is required'],
    ['an empty list of agencies', { ...testCatalog(), agencies: [] }, 'agencies: must have'],
    [
      'a malformed procedure code',
      spoiled((c) => (c.procedures[1].MATTHC = '7-900002')),
      'procedures[1].MATTHC: must be a procedure code like 1.001193',
    ],
    [
      'a procedure code listed twice',
      spoiled((c) => c.procedures.push(testCatalog().procedures[1])),
      'procedures[2].MATTHC: "7.900002" is listed more than once (also procedures[1])',
    ],
    [
      'an agency code listed twice',
      spoiled((c) => c.agencies.push(testCatalog().agencies[0])),
      'agencies[2].MADONVI: "000.79.01.H26" is listed more than once',
    ],
    [
      'an agency a procedure names but agencies does not hold',
      spoiled((c) => (c.procedures[1].COQUANTHUCHIEN[0].MADONVI = '000.79.99.H26')),
      'procedures[1].COQUANTHUCHIEN[0].MADONVI: "000.79.99.H26" is not one of the agencies',
    ],
    [
      'an agency under another name than agencies gives it',
      spoiled((c) => (c.procedures[0].COQUANTHUCHIEN[0].TENDONVI = 'Cơ quan khác')),
      'procedures[0].COQUANTHUCHIEN[0].TENDONVI: "Cơ quan khác" is not the name agencies gives 000.79.01.H26 ("Cơ quan thử nghiệm số 1")',
    ],
    [
      'a replacement result no procedure issues',
      spoiled((c) => (c.procedures[0].THANHPHANHOSO[0].MAKETQUATHAYTHE = 'KQ-TESTKHONGCO')),
      'procedures[0].THANHPHANHOSO[0].MAKETQUATHAYTHE: "KQ-TESTKHONGCO" is not a result any procedure issues (KETQUATHUCHIEN[].MAKETQUA)',
    ],
    [
      'one result code under two names',
      spoiled((c) => (c.procedures[1].KETQUATHUCHIEN[0].MAKETQUA = 'KQ-TESTGXN')),
      'procedures[1].KETQUATHUCHIEN[0].TENKETQUA: "Quyết định thử nghiệm" is not the name procedures[0].KETQUATHUCHIEN[0].TENKETQUA gives KQ-TESTGXN ("Giấy xác nhận thử nghiệm")',
    ],
    [
      'one field code under two names',
      spoiled((c) => (c.procedures[1].LINHVUCTHUCHIEN[0].TENLINHVUC = 'Lĩnh vực khác')),
      'procedures[1].LINHVUCTHUCHIEN[0].TENLINHVUC: "Lĩnh vực khác" is not the name procedures[0].LINHVUCTHUCHIEN[0].TENLINHVUC gives T-LV-01 ("Lĩnh vực thử nghiệm")',
    ],
    [
      'a channel listed twice',
      spoiled((c) => c.procedures[0].CACHTHUCTHUCHIEN.push(c.procedures[0].CACHTHUCTHUCHIEN[0])),
      'procedures[0].CACHTHUCTHUCHIEN[1].KENH: the channel is listed more than once',
    ],
    [
      'a document listed twice',
      spoiled((c) => c.procedures[1].THANHPHANHOSO.push(c.procedures[1].THANHPHANHOSO[0])),
      'procedures[1].THANHPHANHOSO[1].MATHANHPHAN: the document is listed more than once',
    ],
  ])('refuses %s', (_, content, problem) => {
    expect(problemsOf(content)).toEqual([expect.stringContaining(problem)]);
  });
});

describe('loading the file', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mock-portal-catalog-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a relative path from the working directory', () => {
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(testCatalog()));
    const catalog = loadPortalCatalog(relative(process.cwd(), file));
    expect(catalog.file).toBe(file);
    expect(catalog.procedures).toHaveLength(2);
  });

  it('names a file it cannot read', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadPortalCatalog(missing)).toThrow(
      new RegExp(`^Invalid portal catalog in ${missing}:\\n  - \\(root\\): cannot be read: ENOENT`),
    );
  });

  it('takes the configured file as it is', () => {
    expect(catalogFileOf('my/catalog.json')).toBe('my/catalog.json');
  });

  it('finds the shipped catalog above the running code, in the source tree or in dist/', () => {
    expect(catalogFileOf(undefined, __dirname)).toBe(join(REPO, SHIPPED_CATALOG));
    // A build: dist/apps/mock-portal/src/catalog runs, dist/apps/mock-portal/config is copied.
    const dist = join(dir, 'build', 'dist');
    const compiled = join(dist, 'apps', 'mock-portal', 'src', 'catalog');
    mkdirSync(compiled, { recursive: true });
    mkdirSync(join(dist, 'apps', 'mock-portal', 'config'), { recursive: true });
    writeFileSync(join(dist, SHIPPED_CATALOG), JSON.stringify(testCatalog()));
    expect(catalogFileOf(undefined, compiled)).toBe(join(dist, SHIPPED_CATALOG));
  });

  it('says to set MOCK_PORTAL_CATALOG_FILE when nothing is found', () => {
    const nowhere = join(dir, 'nowhere');
    mkdirSync(nowhere);
    expect(() => catalogFileOf(undefined, nowhere)).toThrow(/set MOCK_PORTAL_CATALOG_FILE/);
  });
});
