import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '@hub/dev-stack';
import { freePort, repoRoot } from '@hub/testing';

/**
 * docs/integrators.md promises that every command in it runs against `npm start`. This runs them:
 * every block fenced as `sh test`, in order, in ONE bash session (later blocks use variables of
 * earlier ones), against a started stack with the same keys — only the default ports of the
 * gateway (3000), the webhooks app (3005) and the example receiver (4100) are swapped for free
 * ones, and KAFKA_BROKERS is set as the npm start banner tells the reader to.
 */
jest.setTimeout(300_000);

const DOC = join(repoRoot(), 'docs', 'integrators.md');

export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh test\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

function run(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: repoRoot(),
      env: { ...process.env, ...env },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => {
      // Background receivers the doc starts go with the shell's process group.
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      resolve({ code, output });
    });
  });
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    apps: ['gateway', 'relay', 'webhooks'],
    env: {
      gateway: {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
      },
      webhooks: {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
      },
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('docs/integrators.md', () => {
  const markdown = readFileSync(DOC, 'utf8');

  it('shows the verification function exactly as the example subscriber exports it', () => {
    const [, fromDoc] = /^```ts verify-webhook\n([\s\S]*?)^```$/m.exec(markdown) ?? [];
    const source = readFileSync(
      join(repoRoot(), 'apps', 'example-subscriber', 'src', 'verify-webhook.ts'),
      'utf8',
    );
    expect(fromDoc).toBeDefined();
    expect(source).toContain(fromDoc.trim());
  });

  it('runs every `sh test` block against a started stack', async () => {
    const blocks = shellBlocks(markdown);
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    const port = (url: string) => new URL(url).port;
    const receiverPort = String(await freePort());
    const script = blocks
      .join('\n')
      .replaceAll('127.0.0.1:3000', `127.0.0.1:${port(stack.urls.gateway)}`)
      .replaceAll('127.0.0.1:3005', `127.0.0.1:${port(stack.urls.webhooks)}`)
      .replaceAll('4100', receiverPort);
    expect(stack.keys.admin).toBe('demo-admin-key');
    expect(stack.keys.departments.STP).toBe('demo-key-stp');

    const { code, output } = await run(script, { KAFKA_BROKERS: stack.kafka.brokers.join(',') });
    if (code !== 0) throw new Error(`the documented commands failed (exit ${code}):\n${output}`);
    expect(output).toContain('"code":"INVALID_EVENT"');
    expect(output).toContain('"code":"INVALID_EVENT","detail"');
    expect(output).toContain('kafka-000.00.01.H26-260312-00043-bad');
    expect(output).toContain('"via":"kafka"');
    expect(output).toContain('"via":"webhook"');
    expect(output).toContain('forged delivery refused (401)');
  });
});
