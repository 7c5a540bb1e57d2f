/**
 * `npm run contracts:release -- <x.y.z>`: snapshots the current message schemas as a release in
 * contracts/released/<x.y.z>/, after checking they are compatible with every earlier release,
 * and regenerates the documents (they announce the new version).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, isReleaseVersion } from '../src/compat/compatibility';
import {
  CONTRACTS_ROOT,
  RELEASED_DIR,
  compatibilityProblems,
  readReleases,
  writeGenerated,
  writeRelease,
} from './contracts-files';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const version = process.argv[2];
if (!version || !isReleaseVersion(version)) fail('usage: npm run contracts:release -- <major.minor.patch>');
if (existsSync(join(CONTRACTS_ROOT, RELEASED_DIR, version))) fail(`contracts ${version} is already released`);
const latest = readReleases().at(-1);
if (latest && compareVersions(version, latest.version) <= 0) {
  fail(`${version} must be greater than the latest release ${latest.version}`);
}
const problems = compatibilityProblems();
if (problems.length > 0) {
  fail(`cannot release ${version}: it breaks earlier releases:\n  ${problems.map((p) => p.message).join('\n  ')}`);
}
const written = writeRelease(version);
writeGenerated();
console.log(`released contracts ${version}:\n  ${written.join('\n  ')}\nCommit contracts/.`);
