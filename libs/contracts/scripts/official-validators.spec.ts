import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { compileErrors, validate } from '@readme/openapi-parser';
import { CONTRACTS_ROOT } from './contracts-files';

/*
 * The generated documents must open in the tools integrators use, not only in ours: the official
 * AsyncAPI parser (which, before, refused asyncapi.json with 142 errors) and a standard OpenAPI
 * 3.1 validator. Runs on the checked-in files, which `npm run contracts:check` keeps in step with
 * the generator.
 */
jest.setTimeout(60_000);

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

async function asyncApiErrors(document: unknown): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(JSON.stringify(document));
  return diagnostics
    .filter((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))
    .map((d) => `${d.path.join('.')}: ${d.message}`);
}

describe('contracts/ passes the official validators', () => {
  const asyncapi = readJson(join(CONTRACTS_ROOT, 'asyncapi.json'));

  it('asyncapi.json parses with @asyncapi/parser without errors', async () => {
    expect(await asyncApiErrors(asyncapi)).toEqual([]);
  });

  it('the AsyncAPI check fails on what the generator used to write (x-kafka-key in an example)', async () => {
    const broken = structuredClone(asyncapi) as {
      components: { messages: Record<string, { examples?: Record<string, unknown>[] }> };
    };
    const [message] = Object.values(broken.components.messages);
    message.examples![0]['x-kafka-key'] = '000.00.01.H26-260312-00042';
    expect((await asyncApiErrors(broken)).join('\n')).toMatch(/x-kafka-key/);
  });

  const openapiDir = join(CONTRACTS_ROOT, 'openapi');
  const documents = readdirSync(openapiDir).filter((f) => f.endsWith('.json'));

  it('has an OpenAPI document for every app', () => {
    expect(documents.length).toBeGreaterThanOrEqual(6);
  });

  it.each(documents)('openapi/%s is valid OpenAPI (@readme/openapi-parser)', async (file) => {
    const result = await validate(readJson(join(openapiDir, file)) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
  });

  it('the OpenAPI check fails on an invalid document', async () => {
    const broken = readJson(join(openapiDir, documents[0]));
    broken['paths'] = { '/v1/x': { get: { responses: { '200': { description: 1 } } } } };
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
  });
});
