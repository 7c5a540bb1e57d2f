/**
 * `npm run bench`: the hub's speed on this machine, measured through its public HTTP API
 * against the raw limits of the same machine. See docs/performance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '@hub/testing';
import { benchConfigSpec, resolveBenchSettings } from './bench-config';
import { runBench } from './bench';
import { renderMarkdown, renderTimelineSvg } from './report';

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function help(): string {
  const rows = Object.entries(benchConfigSpec).map(
    ([name, v]) =>
      `  --${name.slice(6).toLowerCase().replace(/_/g, '-').padEnd(24)} ${name.padEnd(28)} ${v.description}`,
  );
  return [
    'Usage: npm run bench -- [--quick] [--flag value ...]',
    '',
    'flag / variable / meaning',
    ...rows,
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    say(help());
    return;
  }
  const settings = resolveBenchSettings(argv);
  const root = repoRoot();
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const command = ['npm run bench', ...(argv.length ? ['--', ...argv.map(quote)] : [])].join(' ');
  const started = Date.now();
  const results = await runBench(settings, command, say);

  const stamp = results.startedAt.slice(0, 16).replace(/:/g, '');
  const suffix = settings.quick ? '-quick' : '';
  const outDir = resolve(root, settings.outDir);
  mkdirSync(outDir, { recursive: true });
  const jsonFile = join(outDir, `results-${stamp}${suffix}.json`);
  const svgFile = join(outDir, `timeline-${stamp}${suffix}.svg`);
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(svgFile, renderTimelineSvg(results));
  say(`results: ${relative(root, jsonFile)}`);
  if (settings.doc) {
    const docFile = resolve(root, settings.doc);
    const rel = (f: string) => relative(dirname(docFile), f);
    mkdirSync(dirname(docFile), { recursive: true });
    writeFileSync(docFile, renderMarkdown(results, rel(jsonFile), rel(svgFile)));
    say(`report:  ${relative(root, docFile)}`);
  }
  for (const t of Object.values(results.targets)) {
    say(
      `  ${t.met === null ? 'not judged' : t.met ? 'met       ' : 'MISSED    '}  ${t.target}: ${t.measured}`,
    );
  }
  say(`bench finished in ${Math.round((Date.now() - started) / 1000)} s`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(
    `bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
