import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/*
 * Each app owns its tables: a table belongs to the app (or platform lib) whose migrations create
 * it, and no other app's code names it in SQL. Another app reads what the owner publishes (the
 * `gateway_api` and `portal_sync_api` schemas, `portal_sync_event_status`) and nothing else. The
 * platform's tables (libs/persistence: the outbox, breaker states; libs/durable-work) are shared
 * by design. Lint's import boundaries cannot see SQL in strings; this check does.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const PLATFORM = new Set(['libs/persistence', 'libs/durable-work']);

/**
 * Libs that hold an app's store and are used by other apps too: each use outside the owner is a
 * crossing the README's "Ownership" table lists. Adding one here is a design decision, not a fix.
 */
const STORE_LIBS: Record<string, { owner: string; usedBy: string[] }> = {
  'libs/registry-profiles': {
    owner: 'apps/once-only',
    usedBy: ['apps/gateway (prefill reads verified profiles)', 'apps/ops (reuse KPIs)'],
  },
};

function files(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

/** `apps/x` or `libs/y` of a path under the repo. */
const homeOf = (path: string): string => relative(ROOT, path).split(sep).slice(0, 2).join('/');

function packages(): string[] {
  return ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(ROOT, top)).map((name) => `${top}/${name}`),
  );
}

/** Table → the package whose migrations create it. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const pkg of packages()) {
    const dir = join(ROOT, pkg, 'src', 'migrations');
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /^\d+-.*\.ts$/.test(n));
    } catch {
      continue;
    }
    for (const name of names) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/g)) {
        const previous = owners.get(m[1]);
        if (previous && previous !== pkg) {
          throw new Error(`${m[1]} is created by both ${previous} and ${pkg}`);
        }
        owners.set(m[1], pkg);
      }
    }
  }
  return owners;
}

/** Tables named in SQL in `text`, by position. */
function tablesNamed(text: string, known: Map<string, string>): string[] {
  const named: string[] = [];
  const sql = /\b(?:FROM|JOIN|INTO|UPDATE|TRUNCATE|TABLE)\s+((?:ONLY\s+)?[a-z_][a-z0-9_.]*)/g;
  for (const m of text.matchAll(sql)) {
    const name = m[1].replace(/^ONLY\s+/, '');
    if (known.has(name)) named.push(name);
  }
  return named;
}

/** Each use of another package's table in `text`, as read by code of `home`. */
function crossings(home: string, text: string, owners: Map<string, string>): string[] {
  const homes = new Set([home, STORE_LIBS[home]?.owner].filter(Boolean));
  return tablesNamed(text, owners)
    .filter((table) => {
      const owner = owners.get(table)!;
      return !PLATFORM.has(owner) && !homes.has(owner);
    })
    .map((table) => `${table} (owned by ${owners.get(table)!})`);
}

const isProductionSource = (path: string): boolean =>
  path.endsWith('.ts') &&
  !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(path) &&
  !path.includes(`${sep}migrations${sep}`) &&
  !path.includes(`${sep}test${sep}`);

describe('table ownership', () => {
  const owners = tableOwners();

  it('knows who owns the tables (read from the migrations)', () => {
    expect(owners.get('portal_sync_jobs')).toBe('apps/portal-sync');
    expect(owners.get('case_events')).toBe('apps/gateway');
    expect(owners.get('webhook_deliveries')).toBe('apps/webhooks');
    expect(owners.get('outbox')).toBe('libs/persistence');
    expect(owners.size).toBeGreaterThan(15);
  });

  it("finds an app's SQL on another app's table, and lets it read the owner's published views", () => {
    const code = `await ds.query('SELECT state FROM portal_sync_jobs j JOIN cases c ON c.case_code = j.case_code')`;
    expect(crossings('apps/ops', code, owners)).toEqual([
      'portal_sync_jobs (owned by apps/portal-sync)',
      'cases (owned by apps/gateway)',
    ]);
    expect(crossings('apps/portal-sync', code, owners)).toEqual(['cases (owned by apps/gateway)']);
    const published = `SELECT * FROM portal_sync_api.jobs j JOIN gateway_api.cases c USING (case_code)
      LEFT JOIN outbox o ON o.message_key = c.case_code`;
    expect(crossings('apps/ops', published, owners)).toEqual([]);
  });

  it('no app or lib names a table another app owns', () => {
    const found: string[] = [];
    for (const pkg of packages()) {
      if (PLATFORM.has(pkg) || pkg === 'libs/dev-stack' || pkg === 'libs/testing') continue;
      for (const path of files(join(ROOT, pkg), isProductionSource)) {
        for (const c of crossings(homeOf(path), readFileSync(path, 'utf8'), owners)) {
          found.push(`${relative(ROOT, path)}: ${c}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
