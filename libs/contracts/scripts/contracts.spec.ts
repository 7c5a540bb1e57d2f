import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toBinaryRecord } from '@hub/messaging';
import { binaryModeHeaders } from '../src/catalog/asyncapi';
import { messageJsonSchema, messageSchemaPath } from '../src/catalog/json-schema';
import { topicCatalog, type TopicContract } from '../src/catalog/topic-catalog';
import { checkCompatibility } from '../src/compat/compatibility';
import { caseStatusChangedV1 } from '../src/events/case-status-changed.v1';
import { eventSchemas } from '../src/envelope';
import { caseCode } from '../src/primitives';
import { httpApis, openApiFor } from '../src/http/apis';
import { messageSchemaFiles } from '../src/json-schemas';
import {
  CONTRACTS_ROOT,
  compatibilityProblems,
  currentSchemas,
  expectedFiles,
  readReleases,
  staleFiles,
} from './contracts-files';

/** The current schemas with one message type's schema replaced, as a change in libs/contracts would. */
function schemasWith(topicName: string, type: string, schema: z.ZodType): Map<string, unknown> {
  const schemas = currentSchemas();
  const topic = topicCatalog.find((t) => t.name === topicName) as TopicContract;
  const message = { ...topic.messages.find((m) => m.type === type)!, schema };
  schemas.set(messageSchemaPath(topic.name, message), messageJsonSchema(topic, message));
  return schemas;
}

const statusChanged = (data: z.ZodType) =>
  eventSchemas['case.status-changed'].extend({ data });

describe('contracts/ in this repository', () => {
  it('has release 1.0.0 with a schema for every message type of the catalog', () => {
    const releases = readReleases();
    expect(releases.map((r) => r.version)).toContain('1.0.0');
    const first = releases.find((r) => r.version === '1.0.0')!;
    expect([...first.schemas.keys()].sort()).toEqual(messageSchemaFiles().map((f) => f.path).sort());
  });

  it('passes the compatibility check against every released version', () => {
    expect(compatibilityProblems().map((p) => p.message)).toEqual([]);
  });

  it('is up to date with libs/contracts', () => {
    expect(staleFiles()).toEqual([]);
  });

  it('catches a breaking change against the real releases: an enum value added', () => {
    const broken = schemasWith(
      'hub.case-events.v1',
      'case.status-changed',
      statusChanged(caseStatusChangedV1.extend({ status: z.enum(['accepted', 'archived']) })),
    );
    const problems = checkCompatibility(broken, readReleases());
    expect(problems.map((p) => [p.release, p.schemaPath, p.change?.path, p.change?.rule])).toEqual(
      expect.arrayContaining([
        ['1.0.0', 'schemas/hub.case-events.v1/case.status-changed.v1.schema.json', 'data.status', 'enum-value-added'],
        ['1.0.0', 'schemas/hub.case-events.v1/case.status-changed.v1.schema.json', 'data.status', 'enum-value-removed'],
      ]),
    );
  });

  it('catches a removed field and a field made required against the real releases', () => {
    const { note: _note, ...rest } = caseStatusChangedV1.shape;
    const broken = schemasWith(
      'hub.case-events.v1',
      'case.status-changed',
      statusChanged(z.strictObject({ ...rest, newDueAt: z.iso.datetime({ offset: true }) })),
    );
    const rules = checkCompatibility(broken, readReleases()).map((p) => `${p.change?.path} ${p.change?.rule}`);
    expect(rules).toEqual(expect.arrayContaining(['data.note property-removed', 'data.newDueAt optional-to-required']));
  });

  it('catches a message type that is no longer published', () => {
    const schemas = currentSchemas();
    schemas.delete('schemas/hub.sync-results.v1/portal.sync-outcome.v1.schema.json');
    expect(checkCompatibility(schemas, readReleases())).toEqual([
      expect.objectContaining({ schemaPath: 'schemas/hub.sync-results.v1/portal.sync-outcome.v1.schema.json' }),
    ]);
  });

  it('accepts a new optional field against the real releases', () => {
    const extended = schemasWith(
      'hub.case-events.v1',
      'case.status-changed',
      statusChanged(caseStatusChangedV1.extend({ reasonCode: z.string().max(20).optional() })),
    );
    expect(checkCompatibility(extended, readReleases())).toEqual([]);
  });
});

describe('topic catalog', () => {
  it('every example message parses with its message schema, and every message type has one', () => {
    for (const topic of topicCatalog) {
      const examples = topic.examples();
      for (const message of topic.messages) {
        const mine = examples.filter((e) => e['type'] === message.type);
        expect(mine.length).toBeGreaterThan(0);
        for (const example of mine) expect(message.schema.safeParse(example).error).toBeUndefined();
        for (const example of mine) expect(topic.key.schema.safeParse(example['subject']).success).toBe(true);
      }
    }
  });

  it('the AsyncAPI examples carry the headers the messaging lib really writes', () => {
    for (const topic of topicCatalog) {
      for (const example of topic.examples()) {
        const record = toBinaryRecord(
          example as Parameters<typeof toBinaryRecord>[0],
          String(example['subject']),
        );
        expect(binaryModeHeaders(example)).toEqual(record.headers);
        expect(JSON.parse(record.value)).toEqual(example['data']);
      }
    }
  });

  it('the AsyncAPI document has Kafka bindings for every topic: key, partitions, groups', () => {
    const file = expectedFiles().find((f) => f.path === 'asyncapi.json')!;
    const doc = JSON.parse(file.content) as {
      asyncapi: string;
      channels: Record<string, { bindings: { kafka: { partitions: number } }; messages: object }>;
      operations: Record<string, { action: string; bindings?: { kafka: { groupId: { enum: string[] } } } }>;
      components: { messages: Record<string, { headers: { required: string[] }; bindings: { kafka: { key: { type: string; pattern?: string } } }; examples: unknown[] }> };
    };
    expect(doc.asyncapi).toBe('3.0.0');
    for (const topic of topicCatalog) {
      expect(doc.channels[topic.name].bindings.kafka.partitions).toBe(topic.partitions);
      expect(Object.keys(doc.channels[topic.name].messages)).toEqual(topic.messages.map((m) => m.type));
      expect(doc.operations[`${topic.name}.send`].action).toBe('send');
      for (const group of topic.consumerGroups) {
        expect(doc.operations[`${topic.name}.receive.${group.groupId}`].bindings?.kafka.groupId.enum).toEqual([
          group.groupId,
        ]);
      }
      for (const message of topic.messages) {
        const m = doc.components.messages[`${topic.name}.${message.type}.v${message.version}`];
        expect(m.headers.required).toEqual(expect.arrayContaining(['ce_id', 'ce_type', 'ce_source', 'content-type']));
        expect(m.bindings.kafka.key.type).toBe('string');
        // Keyed by case code: the key schema carries the case-code pattern (the dead-letter topic
        // keeps whatever key the refused record had, so its key is any string).
        if (topic.key.schema === caseCode) expect(m.bindings.kafka.key.pattern).toBeDefined();
        expect(m.examples.length).toBeGreaterThan(0);
      }
    }
    expect(doc.operations['hub.case-events.v1.receive.hub-portal-sync']).toBeDefined();
  });
});

describe('OpenAPI documents', () => {
  it('what each app serves at /docs/openapi.json is the checked-in contracts/openapi/<app>.json', () => {
    const files = new Map(expectedFiles().map((f) => [f.path, f.content]));
    for (const app of Object.keys(httpApis)) {
      expect(openApiFor(app)).toEqual(JSON.parse(files.get(`openapi/${app}.json`)!));
      expect(JSON.parse(readFileSync(join(CONTRACTS_ROOT, 'openapi', `${app}.json`), 'utf8'))).toEqual(
        openApiFor(app),
      );
    }
  });

  it('documents bearer security, the problem shape with errors[{index?, path, message}], and every route once', () => {
    for (const [app, api] of Object.entries(httpApis)) {
      const doc = openApiFor(app) as {
        openapi: string;
        paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
        components: { schemas: { Problem: { properties: { errors: { items: { required: string[]; properties: object } } } } }; securitySchemes: { bearer: { scheme: string } } };
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
      expect(doc.components.schemas.Problem.properties.errors.items.required).toEqual(['path', 'message']);
      expect(Object.keys(doc.components.schemas.Problem.properties.errors.items.properties)).toEqual(['index', 'path', 'message']);
      const ids = api.routes.map((r) => r.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const route of api.routes) {
        const op = doc.paths[route.path][route.method];
        if (route.security === 'bearer') {
          expect(op.security).toEqual([{ bearer: [] }]);
          expect(op.responses['401'].content?.['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
        }
        expect(op.responses['500']).toBeDefined();
      }
    }
  });

  it('the gateway documents every event type as a request body', () => {
    const doc = openApiFor('gateway') as {
      paths: { '/v1/events': { post: { requestBody: { content: Record<string, { schema: { oneOf?: { $ref: string }[] } }> } } } };
      components: { schemas: Record<string, unknown> };
    };
    const single = doc.paths['/v1/events'].post.requestBody.content['application/cloudevents+json'].schema;
    expect(single.oneOf?.map((r) => r.$ref)).toEqual(
      Object.keys(eventSchemas).map((t) => `#/components/schemas/${t}`),
    );
    for (const type of Object.keys(eventSchemas)) expect(doc.components.schemas[type]).toBeDefined();
  });
});
