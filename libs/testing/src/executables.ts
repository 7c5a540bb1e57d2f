import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The absolute path of `name` on PATH, or undefined. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

export interface RunResult {
  ok: boolean;
  output: string;
}

/** Runs a short command to completion, capturing stdout+stderr; never throws. */
export async function run(
  command: string,
  args: readonly string[],
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    cwd?: string;
    uid?: number;
    gid?: number;
  } = {},
): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      uid: options.uid,
      gid: options.gid,
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (e) {
    const failure = e as { stdout?: string; stderr?: string; message: string };
    return {
      ok: false,
      output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` || failure.message,
    };
  }
}

/**
 * `apt-get install -y <pkg>`, refreshing the package lists first only when the plain install
 * fails (fresh CI images ship without lists; a warm machine should not pay for an update).
 */
export async function aptInstall(pkg: string, log: (message: string) => void): Promise<RunResult> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing ${pkg}: apt-get install -y ${pkg}`);
  const first = await run('apt-get', ['install', '-y', pkg], { env });
  if (first.ok) return first;
  log('apt-get install failed; running apt-get update and retrying');
  const update = await run('apt-get', ['update'], { env });
  if (!update.ok) return update;
  return run('apt-get', ['install', '-y', pkg], { env });
}
