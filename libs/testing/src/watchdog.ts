import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { TestInfraError, TestInfraErrorCode } from './test-infra.error';

/**
 * The watchdog from TEST_INFRA.md, grown two features: it reports the inner pid on fd 3 (so a
 * test can SIGKILL the server itself) and it exits with the server's status (so we learn when the
 * server dies on its own). A reader subshell holds our pipe; when the pipe closes — we stopped,
 * crashed or were SIGKILLed — it sends the stop signal, escalates to SIGKILL after the grace
 * period, and the main shell then removes the cleanup path. Background jobs of a non-interactive
 * shell get stdin from /dev/null, hence the copy of our pipe on fd 4.
 */
const WATCHDOG_SCRIPT = `
sig=$1; ticks=$2; cleanup=$3; shift 3
exec 4<&0
"$@" </dev/null 3>&- 4<&- &
k=$!
echo "$k" >&3
exec 3>&-
(
  while read -r _; do :; done
  kill -s "$sig" "$k" 2>/dev/null
  n=0
  while kill -0 "$k" 2>/dev/null; do
    n=$((n + 1))
    if [ "$n" -gt "$ticks" ]; then kill -s KILL "$k" 2>/dev/null; break; fi
    sleep 0.1
  done
) <&4 4<&- &
w=$!
exec 4<&-
wait "$k"
rc=$?
kill "$w" 2>/dev/null
if [ -n "$cleanup" ]; then rm -rf "$cleanup"; fi
exit "$rc"
`;

export type StdioTarget = 'pipe' | 'ignore' | number;

export interface WatchedSpec {
  command: string;
  args: readonly string[];
  /** Sent by the watchdog when our end of the pipe closes (postgres: SIGINT = fast shutdown). */
  stopSignal: 'SIGTERM' | 'SIGINT';
  /** After the stop signal, how long the server may take before the watchdog SIGKILLs it. */
  graceMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** An open fd (a log file), 'pipe' to read the output here, or 'ignore'. */
  stdout: StdioTarget;
  stderr: StdioTarget;
  /** Removed by the watchdog once the server has exited, on every exit path (temp data dirs). */
  cleanupPath?: string;
  /** Run watchdog and server as this user (postgres refuses to run as root). */
  uid?: number;
  gid?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`;
}

const signalNames = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]),
);

/** A server process under the watchdog. `pid` is the server's own pid, not the shell's. */
export class WatchedProcess {
  private exitInfo: ExitInfo | undefined;

  private constructor(
    readonly pid: number,
    private readonly watchdog: ChildProcess,
    readonly exited: Promise<ExitInfo>,
  ) {
    void exited.then((info) => {
      this.exitInfo = info;
    });
  }

  static async start(spec: WatchedSpec): Promise<WatchedProcess> {
    const ticks = Math.max(1, Math.ceil(spec.graceMs / 100));
    const watchdog = spawn(
      'sh',
      [
        '-c',
        WATCHDOG_SCRIPT,
        'watchdog',
        spec.stopSignal.replace(/^SIG/, ''),
        String(ticks),
        spec.cleanupPath ?? '',
        spec.command,
        ...spec.args,
      ],
      {
        // Own session: a terminal Ctrl-C reaches only the launcher, which then stops the
        // servers in order (apps before the brokers they depend on) instead of all at once.
        detached: true,
        stdio: ['pipe', spec.stdout, spec.stderr, 'pipe'],
        env: spec.env ?? process.env,
        cwd: spec.cwd,
        uid: spec.uid,
        gid: spec.gid,
      },
    );
    // We never write to the pipe; it only has to stay open. Ignore EPIPE once the shell is gone.
    watchdog.stdin?.on('error', () => undefined);
    // A spawn failure is reported through the pid promise below; later 'error' events (a failed
    // kill of an already-gone shell) must not crash the test runner or the launcher.
    let spawnError: Error | undefined;
    watchdog.on('error', (e) => {
      spawnError ??= e;
    });

    const exited = new Promise<ExitInfo>((resolve) => {
      watchdog.once('exit', (code, signal) => {
        watchdog.stdin?.destroy();
        // The shell exits with the server's status; 128+n means the server died of signal n.
        const bySignal = code !== null && code > 128 ? signalNames.get(code - 128) : undefined;
        resolve(
          bySignal !== undefined
            ? { code: null, signal: bySignal }
            : { code, signal: signal ?? null },
        );
      });
    });

    const pidChannel = watchdog.stdio[3] as Readable | null;
    if (pidChannel === null) throw new Error('watchdog pid channel missing');
    const pid = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      const fail = (reason: string): void =>
        reject(
          new TestInfraError(
            TestInfraErrorCode.ProcessStartFailed,
            `Could not start ${spec.command}: ${reason}`,
          ),
        );
      watchdog.once('error', (e) => fail(e.message));
      void exited.then((info) =>
        fail(spawnError?.message ?? `watchdog ended first (${describeExit(info)})`),
      );
      pidChannel.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const newline = buffer.indexOf('\n');
        if (newline >= 0) resolve(Number(buffer.slice(0, newline)));
      });
    });
    pidChannel.destroy();
    // Never keep the caller's event loop alive on our account: if it ends without stopping us,
    // the pipe closes and the watchdog cleans up.
    watchdog.unref();
    return new WatchedProcess(pid, watchdog, exited);
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  get exitStatus(): ExitInfo | undefined {
    return this.exitInfo;
  }

  get stdout(): Readable | null {
    return this.watchdog.stdout;
  }

  get stderr(): Readable | null {
    return this.watchdog.stderr;
  }

  /** Signals the server itself (not the watchdog). */
  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(this.pid, signal);
    } catch (e) {
      // ESRCH: it died between our check and the kill; the watchdog reports the exit shortly.
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }

  /** Sends `signal`, waits up to `timeoutMs`, then SIGKILLs; resolves once the server is gone. */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<ExitInfo> {
    if (!this.running) return this.exited;
    // Keep the loop alive until the exit is observed, so a caller awaiting stop() at the very
    // end of a script does not exit halfway.
    this.watchdog.ref();
    this.signal(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const first = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (first === 'timeout') this.signal('SIGKILL');
    return this.exited;
  }
}
