import { type BreakingChange, breakingChanges } from './schema-diff';

/** The message schemas of one released version, by path (`schemas/<topic>/<type>.v<n>.schema.json`). */
export interface ReleasedContracts {
  version: string;
  schemas: ReadonlyMap<string, unknown>;
}

export interface CompatibilityProblem {
  release: string;
  schemaPath: string;
  /** Absent when the whole message type is gone. */
  change?: BreakingChange;
  message: string;
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

export function isReleaseVersion(v: string): boolean {
  return SEMVER.test(v);
}

export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a)?.slice(1).map(Number) ?? [];
  const pb = SEMVER.exec(b)?.slice(1).map(Number) ?? [];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Backward-transitive (and forward) compatibility: the current schema of every message type is
 * compared with its schema in *every* released version, not only the last one, because a topic
 * replayed from its first offset holds messages written under all of them. A message type that
 * was released must still exist: its old messages are still on the topic.
 */
export function checkCompatibility(
  current: ReadonlyMap<string, unknown>,
  releases: readonly ReleasedContracts[],
): CompatibilityProblem[] {
  const problems: CompatibilityProblem[] = [];
  const ordered = [...releases].sort((a, b) => compareVersions(a.version, b.version));
  for (const release of ordered) {
    for (const [schemaPath, released] of release.schemas) {
      const now = current.get(schemaPath);
      if (now === undefined) {
        problems.push({
          release: release.version,
          schemaPath,
          message: `${schemaPath}: released in ${release.version} and no longer published; its messages are still on the topic`,
        });
        continue;
      }
      for (const change of breakingChanges(released, now)) {
        problems.push({
          release: release.version,
          schemaPath,
          change,
          message: `${schemaPath} ${change.path}: ${change.message} [${change.rule}; breaks ${change.breaks} since ${release.version}]`,
        });
      }
    }
  }
  return problems;
}
