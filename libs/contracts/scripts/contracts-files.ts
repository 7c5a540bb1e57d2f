/**
 * The file side of contracts/: what is generated, what was released, and the two checks on them
 * (stale files, and breaking changes against every released version).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  type CompatibilityProblem,
  type ReleasedContracts,
  checkCompatibility,
  compareVersions,
  isReleaseVersion,
} from '../src/compat/compatibility';
import { type GeneratedFile, generatedContracts, messageSchemaFiles } from '../src/json-schemas';

export const CONTRACTS_ROOT = join(__dirname, '..', '..', '..', 'contracts');
export const RELEASED_DIR = 'released';
/** Generated trees (wholly owned by the generator: files it no longer makes are stale). */
const GENERATED_DIRS = ['schemas', 'examples', 'openapi'];
const GENERATED_FILES = ['asyncapi.json'];
/** Before anything is released, documents announce this. */
const UNRELEASED = '0.0.0';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Every released version under contracts/released/<version>/schemas, oldest first. */
export function readReleases(root = CONTRACTS_ROOT): ReleasedContracts[] {
  const dir = join(root, RELEASED_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => isReleaseVersion(v))
    .sort(compareVersions)
    .map((version) => {
      const base = join(dir, version);
      const schemas = new Map<string, unknown>();
      for (const file of listFiles(join(base, 'schemas'))) {
        schemas.set(relative(base, file).split('\\').join('/'), JSON.parse(readFileSync(file, 'utf8')) as unknown);
      }
      return { version, schemas };
    });
}

/** The version documents announce: the latest release, `+unreleased` when schemas moved on since. */
export function contractsVersion(releases: readonly ReleasedContracts[], schemaFiles: GeneratedFile[]): string {
  const latest = releases.at(-1);
  if (!latest) return `${UNRELEASED}+unreleased`;
  const same =
    latest.schemas.size === schemaFiles.length &&
    schemaFiles.every((f) => {
      const released = latest.schemas.get(f.path);
      return released !== undefined && JSON.stringify(released) === JSON.stringify(JSON.parse(f.content));
    });
  return same ? latest.version : `${latest.version}+unreleased`;
}

export function currentSchemas(): Map<string, unknown> {
  return new Map(messageSchemaFiles().map((f) => [f.path, JSON.parse(f.content) as unknown]));
}

export function compatibilityProblems(root = CONTRACTS_ROOT): CompatibilityProblem[] {
  return checkCompatibility(currentSchemas(), readReleases(root));
}

export function expectedFiles(root = CONTRACTS_ROOT): GeneratedFile[] {
  const version = contractsVersion(readReleases(root), messageSchemaFiles());
  return generatedContracts({ version });
}

/** Paths (relative to contracts/) that are missing, different or no longer generated. */
export function staleFiles(root = CONTRACTS_ROOT): string[] {
  const expected = new Map(expectedFiles(root).map((f) => [join(root, f.path), f.content]));
  const problems: string[] = [];
  for (const [path, content] of expected) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current !== content) problems.push(`${current === undefined ? 'missing' : 'stale'}: contracts/${relative(root, path)}`);
  }
  for (const path of existingGenerated(root)) {
    if (!expected.has(path)) problems.push(`no longer generated: contracts/${relative(root, path)}`);
  }
  return problems;
}

function existingGenerated(root: string): string[] {
  return [
    ...GENERATED_DIRS.flatMap((d) => listFiles(join(root, d))),
    ...GENERATED_FILES.map((f) => join(root, f)).filter((f) => existsSync(f)),
  ];
}

/** Writes every generated file and removes those no longer generated; returns how many it wrote. */
export function writeGenerated(root = CONTRACTS_ROOT): number {
  const expected = new Map(expectedFiles(root).map((f) => [join(root, f.path), f.content]));
  for (const [path, content] of expected) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  for (const path of existingGenerated(root)) if (!expected.has(path)) rmSync(path);
  return expected.size;
}

/** Snapshots the current message schemas as a release. */
export function writeRelease(version: string, root = CONTRACTS_ROOT): string[] {
  const base = join(root, RELEASED_DIR, version);
  const written: string[] = [];
  for (const file of messageSchemaFiles()) {
    const path = join(base, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    written.push(relative(root, path));
  }
  return written;
}
