import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { containerRuntimeAvailable } from './containers';
import { TestInfraError, TestInfraErrorCode } from './test-infra.error';
import { aptInstall, findExecutable, isRoot } from './executables';
import { lastLines } from './log-file';
import { canConnect, waitUntil } from './net';
import { WatchedProcess, describeExit } from './watchdog';

export type KafkaKind = 'external' | 'testcontainers' | 'kcat-mock';

export interface KafkaHandle {
  brokers: string[];
  kind: KafkaKind;
  /** The broker process's pid when we run it locally (kcat-mock). */
  pid?: number;
  stop(): Promise<void>;
}

export interface KafkaOptions {
  /** When kcat is missing and we are root: `apt-get install -y kcat` instead of failing. */
  installMissing?: boolean;
  /** Append the broker's own output (kcat's stderr) here; otherwise a temp file, removed on stop. */
  logFile?: string;
  /** Progress notes (which broker, fallbacks); silent by default. */
  log?: (message: string) => void;
  /** Where KAFKA_BROKERS is read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Pinned so a test run today and in a year talk to the same broker. */
export const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.6.1';

const KCAT_INSTALL_HINT =
  'Install it with `sudo apt-get install -y kcat`, or point the hub at a running broker with KAFKA_BROKERS=host:port.';

/**
 * A Kafka-protocol broker: KAFKA_BROKERS if set, else a testcontainers Kafka when a container
 * engine answers, else librdkafka's mock cluster hosted by kcat (see TEST_INFRA.md for what the
 * mock does and does not support).
 */
export async function startKafka(options: KafkaOptions = {}): Promise<KafkaHandle> {
  const log = options.log ?? (() => undefined);
  const external = parseBrokerList((options.env ?? process.env).KAFKA_BROKERS);
  if (external.length > 0) {
    return { brokers: external, kind: 'external', stop: () => Promise.resolve() };
  }
  if (await containerRuntimeAvailable(log)) {
    try {
      return await startKafkaContainer();
    } catch (e) {
      log(
        `testcontainers Kafka failed (${e instanceof Error ? e.message : String(e)}); using kcat`,
      );
    }
  }
  return startKcatMock(options, log);
}

export function parseBrokerList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/**
 * librdkafka announces the mock cluster's listeners once, on stderr:
 * `... Mock cluster enabled: original bootstrap.servers and security.protocol ignored and
 * replaced with 127.0.0.1:41683`.
 */
export function parseMockBootstrap(stderr: string): string[] | undefined {
  const match = /replaced with (\S+)/.exec(stderr);
  return match ? parseBrokerList(match[1]) : undefined;
}

async function startKafkaContainer(): Promise<KafkaHandle> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
  // 9093 is the PLAINTEXT listener the module advertises on the mapped host port.
  const brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
  return {
    brokers,
    kind: 'testcontainers',
    stop: async () => {
      await container.stop();
    },
  };
}

async function resolveKcat(options: KafkaOptions, log: (message: string) => void): Promise<string> {
  const found = findExecutable('kcat');
  if (found !== undefined) return found;
  if (!options.installMissing || !isRoot() || findExecutable('apt-get') === undefined) {
    throw new TestInfraError(
      TestInfraErrorCode.KafkaUnavailable,
      `No Kafka broker: KAFKA_BROKERS is not set, no container engine answers, and kcat (which hosts librdkafka's mock broker) is not installed. ${KCAT_INSTALL_HINT}`,
    );
  }
  const result = await aptInstall('kcat', log);
  const installed = findExecutable('kcat');
  if (!result.ok || installed === undefined) {
    throw new TestInfraError(
      TestInfraErrorCode.InstallFailed,
      `Installing kcat failed. ${KCAT_INSTALL_HINT}\n${result.output.split('\n').slice(-15).join('\n')}`,
    );
  }
  return installed;
}

async function startKcatMock(
  options: KafkaOptions,
  log: (message: string) => void,
): Promise<KafkaHandle> {
  const kcat = await resolveKcat(options, log);
  // kcat's stderr goes straight to a file: nothing to drain here, and the output outlives us.
  const tempDir = options.logFile === undefined ? await mkdtemp(join(tmpdir(), 'hub-kcat-')) : '';
  const logFile = options.logFile ?? join(tempDir, 'kcat.log');
  // A caller's log file may hold earlier runs: only what this kcat writes counts.
  let offset = 0;
  let fd: number | undefined;
  const startedAt = Date.now();
  let broker: WatchedProcess;
  try {
    mkdirSync(dirname(logFile), { recursive: true });
    offset = existingSize(logFile);
    fd = openSync(logFile, 'a');
    broker = await WatchedProcess.start({
      command: kcat,
      // A consumer of a topic nobody writes to: it only keeps the mock cluster alive.
      args: ['-b', 'unused:1', '-X', 'test.mock.num.brokers=1', '-C', '-t', '__keepalive', '-q'],
      stopSignal: 'SIGTERM',
      graceMs: 3000,
      stdout: 'ignore',
      stderr: fd,
      cleanupPath: tempDir || undefined,
    });
  } catch (e) {
    // Nothing runs yet, so no watchdog will remove the temp dir for us.
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const stop = async (): Promise<void> => {
    await broker.stop('SIGTERM', 3000);
  };

  let brokers: string[] | undefined;
  const announced = await waitUntil(
    () => {
      brokers = parseMockBootstrap(readFileSync(logFile).subarray(offset).toString('utf8'));
      return Promise.resolve(brokers !== undefined);
    },
    { timeoutMs: 10_000, intervalMs: 10, abort: () => !broker.running },
  );
  const address = brokers?.[0];
  const [host, port] = address === undefined ? ['', 0] : splitHostPort(address);
  const listening =
    announced &&
    (await waitUntil(() => canConnect(host, port), {
      timeoutMs: 10_000,
      intervalMs: 20,
      abort: () => !broker.running,
    }));
  if (!listening || brokers === undefined) {
    const exit = broker.exitStatus;
    const output = await lastLines(logFile, 20);
    await stop();
    throw new TestInfraError(
      TestInfraErrorCode.KafkaUnavailable,
      `kcat mock broker did not come up${exit ? ` (${describeExit(exit)})` : ''}:\n${output}`,
    );
  }
  log(`kcat mock broker on ${brokers.join(',')} in ${Date.now() - startedAt} ms`);
  return { brokers, kind: 'kcat-mock', pid: broker.pid, stop };
}

function existingSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
