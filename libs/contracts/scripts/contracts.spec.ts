import { z } from 'zod';
import { toBinaryRecord } from '@hub/messaging';
import { binaryModeHeaders } from '../src/catalog/asyncapi';
import { messageJsonSchema, messageSchemaPath } from '../src/catalog/json-schema';
import { topicCatalog, type TopicContract } from '../src/catalog/topic-catalog';
import { checkCompatibility } from '../src/compat/compatibility';
import { caseStatusChangedV1 } from '../src/events/case-status-changed.v1';
import { eventSchemas } from '../src/envelope';
import { messageSchemaFiles } from '../src/json-schemas';
import { compatibilityProblems, currentSchemas, expectedFiles, readReleases, staleFiles } from './contracts-files';

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
      components: { messages: Record<string, { headers: { required: string[] }; bindings: { kafka: { key: { pattern: string } } }; examples: unknown[] }> };
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
        expect(m.bindings.kafka.key.pattern).toBeDefined();
        expect(m.examples.length).toBeGreaterThan(0);
      }
    }
    expect(doc.operations['hub.case-events.v1.receive.hub-portal-sync']).toBeDefined();
  });
});
