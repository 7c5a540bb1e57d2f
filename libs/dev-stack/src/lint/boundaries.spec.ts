import { spawn } from 'node:child_process';
import { join } from 'node:path';

/*
 * The boundary check in `npm run lint` (eslint-plugin-boundaries, configured in eslint.config.mjs)
 * fails on the imports it exists to stop. Each case lints a source text as if it sat at the given
 * path in the tree, with the repo's own config, boundary rules only.
 */

interface LintCase {
  filePath: string;
  code: string;
}

interface LintMessage {
  ruleId: string | null;
  message: string;
}

function lintBoundaries(cases: readonly LintCase[]): Promise<LintMessage[][]> {
  const child = spawn(process.execPath, [join(__dirname, 'lint-boundaries.js')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify({ cases }));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as LintMessage[][]);
      else reject(new Error(`lint-boundaries exited with ${String(code)}: ${stderr}`));
    });
  });
}

const boundaryErrors = (messages: readonly LintMessage[]): string[] =>
  messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);

describe('the boundary check', () => {
  let crossApp: LintMessage[];
  let productionUsesTesting: LintMessage[];
  let specUsesTesting: LintMessage[];

  beforeAll(async () => {
    [crossApp, productionUsesTesting, specUsesTesting] = await lintBoundaries([
      {
        filePath: 'apps/gateway/src/boundary-probe.ts',
        code: [
          "import { decide } from '../../portal-sync/src/usecases/sync-to-portal/sync-to-portal.handler';",
          '',
          'export const decideLikePortalSync = decide;',
          '',
        ].join('\n'),
      },
      {
        filePath: 'libs/persistence/src/boundary-probe.ts',
        code: "import { sleep } from '@hub/testing';\n\nexport const pause = sleep;\n",
      },
      {
        filePath: 'libs/persistence/src/boundary-probe.integration-spec.ts',
        code: [
          "import { topics } from '@hub/contracts';",
          "import { startPostgres } from '@hub/testing';",
          '',
          'export const used = [topics, startPostgres];',
          '',
        ].join('\n'),
      },
    ]);
  });

  it('fails an app importing another app, naming both', () => {
    expect(boundaryErrors(crossApp)).toEqual([
      expect.stringContaining('An app never imports another app: gateway imports portal-sync'),
    ]);
  });

  it('fails production code in a lib importing @hub/testing', () => {
    expect(boundaryErrors(productionUsesTesting)).toEqual([
      expect.stringMatching(/^Production code never imports test or dev tooling: @hub\/testing/),
    ]);
  });

  it('lets a spec import @hub/testing and a production lib', () => {
    expect(boundaryErrors(specUsesTesting)).toEqual([]);
  });
});
