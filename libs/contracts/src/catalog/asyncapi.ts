import { type JsonSchema, messageJsonSchema, toJsonSchema } from './json-schema';
import { type MessageContract, type TopicContract } from './topic-catalog';

const KAFKA_BINDING = '0.5.0';

/**
 * Kafka record headers of a structured CloudEvent in binary content mode (CloudEvents Kafka
 * protocol binding): every attribute but `data` as `ce_<name>`, `datacontenttype` as
 * `content-type`. The same mapping as `toBinaryRecord` in @hub/messaging (a spec checks it).
 */
export function binaryModeHeaders(event: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': typeof event['datacontenttype'] === 'string' ? event['datacontenttype'] : 'application/json',
  };
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data' || name === 'datacontenttype' || value === undefined || value === null) continue;
    headers[`ce_${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return headers;
}

const messageId = (topic: TopicContract, message: MessageContract): string =>
  `${topic.name}.${message.type}.v${message.version}`;

function withoutSchemaKeyword(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** Headers schema: Kafka headers are strings, so non-string attributes become decimal/JSON text. */
function headersSchema(topic: TopicContract, structured: JsonSchema): JsonSchema {
  const attributes = (structured['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((structured['required'] ?? []) as string[]);
  const properties: Record<string, JsonSchema> = {
    'content-type': {
      type: 'string',
      const: 'application/json',
      description: 'The CloudEvents datacontenttype.',
    },
  };
  const requiredHeaders = ['content-type'];
  for (const [name, schema] of Object.entries(attributes)) {
    if (name === 'data' || name === 'datacontenttype') continue;
    const header = `ce_${name}`;
    properties[header] =
      schema['type'] === 'string'
        ? { ...schema, description: `CloudEvents attribute ${name}.` }
        : {
            type: 'string',
            ...(schema['type'] === 'integer' ? { pattern: '^-?[0-9]+$' } : {}),
            description: `CloudEvents attribute ${name} (JSON ${String(schema['type'])} ${JSON.stringify(withoutSchemaKeyword(schema))}), written as text.`,
          };
    if (required.has(name)) requiredHeaders.push(header);
  }
  for (const extra of topic.extraHeaders ?? []) {
    properties[extra.name] = { ...withoutSchemaKeyword(toJsonSchema(extra.schema)), description: extra.description };
    requiredHeaders.push(extra.name);
  }
  return { type: 'object', properties, required: requiredHeaders };
}

function keyOf(topic: TopicContract, example: Record<string, unknown>): string | undefined {
  if (topic.key.ofExample) return topic.key.ofExample(example);
  return typeof example['subject'] === 'string' ? example['subject'] : undefined;
}

function examplesOf(topic: TopicContract, message: MessageContract): JsonSchema[] {
  return topic
    .examples()
    .filter((e) => e['type'] === message.type)
    .map((event, i) => {
      const headers = binaryModeHeaders(event);
      for (const extra of topic.extraHeaders ?? []) {
        // Example values for extra headers: the event's own time, as the hub writes it (UTC).
        if (extra.name === 'hub-accepted-at') headers[extra.name] = new Date(String(event['time'])).toISOString();
      }
      // A Message Example Object holds only name, summary, headers and payload (the official
      // parser refuses anything else): the record key is named here and listed under the
      // binding's key schema as `examples`.
      const key = keyOf(topic, event);
      return {
        name: `${message.type}-${i + 1}`,
        summary: `${message.type} of ${String(event['subject'])}${key === undefined ? '' : ` (record key ${key})`}`,
        headers,
        payload: event['data'] ?? null,
      };
    });
}

/** The record keys of the message's examples (the case code), in the key schema's `examples`. */
function exampleKeys(topic: TopicContract, message: MessageContract): { examples?: string[] } {
  const keys = [
    ...new Set(
      topic
        .examples()
        .filter((e) => e['type'] === message.type)
        .map((e) => keyOf(topic, e))
        .filter((key): key is string => key !== undefined),
    ),
  ];
  return keys.length > 0 ? { examples: keys } : {};
}

export interface AsyncApiOptions {
  /** The contracts release the document describes (info.version). */
  version: string;
}

/** The AsyncAPI 3.0 document of every topic in the catalog (Kafka bindings, binary CloudEvents). */
export function asyncApiDocument(catalog: readonly TopicContract[], options: AsyncApiOptions): JsonSchema {
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  const messages: Record<string, JsonSchema> = {};
  for (const topic of catalog) {
    const channelRef = { $ref: `#/channels/${topic.name}` };
    const channelMessages: Record<string, JsonSchema> = {};
    for (const message of topic.messages) {
      const id = messageId(topic, message);
      const structured = messageJsonSchema(topic, message);
      const properties = (structured['properties'] ?? {}) as Record<string, JsonSchema>;
      messages[id] = {
        name: message.type,
        title: `${message.type} v${message.version}`,
        summary: message.summary,
        ...(topic.rules ? { description: topic.rules } : {}),
        contentType: 'application/json',
        headers: headersSchema(topic, structured),
        payload: properties['data'] ?? {},
        bindings: {
          kafka: {
            key: {
              ...withoutSchemaKeyword(toJsonSchema(topic.key.schema)),
              description: topic.key.description,
              ...exampleKeys(topic, message),
            },
            bindingVersion: KAFKA_BINDING,
          },
        },
        examples: examplesOf(topic, message),
        externalDocs: {
          description: 'JSON Schema of the whole structured CloudEvent',
          url: String(structured['$id']),
        },
      };
      channelMessages[message.type] = { $ref: `#/components/messages/${id}` };
    }
    channels[topic.name] = {
      address: topic.name,
      title: topic.name,
      description: `${topic.description} Key: ${topic.key.description}`,
      messages: channelMessages,
      bindings: {
        kafka: { topic: topic.name, partitions: topic.partitions, bindingVersion: KAFKA_BINDING },
      },
    };
    const messageRefs = Object.keys(channelMessages).map((type) => ({
      $ref: `#/channels/${topic.name}/messages/${type}`,
    }));
    operations[`${topic.name}.send`] = {
      action: 'send',
      channel: channelRef,
      title: `${topic.producer} produces ${topic.name}`,
      summary: `Produced by ${topic.producer}.`,
      messages: messageRefs,
    };
    for (const group of topic.consumerGroups) {
      operations[`${topic.name}.receive.${group.groupId}`] = {
        action: 'receive',
        channel: channelRef,
        title: `${group.app} consumes ${topic.name}`,
        summary: group.description,
        messages: messageRefs,
        bindings: {
          kafka: { groupId: { type: 'string', enum: [group.groupId] }, bindingVersion: KAFKA_BINDING },
        },
      };
    }
    operations[`${topic.name}.receive.subscriber`] = {
      action: 'receive',
      channel: channelRef,
      title: `A downstream subscriber consumes ${topic.name}`,
      summary:
        'Any downstream system, in a consumer group of its own. At least once: deduplicate by ce_id; ignore fields you do not know.',
      messages: messageRefs,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Lienthong Hub topics',
      version: options.version,
      description:
        'Kafka topics of the Lienthong Hub. Records are CloudEvents 1.0 in binary content mode: attributes as ce_* headers, the event data as the JSON value, the case code as the key. A newer release only adds optional fields; readers must ignore fields they do not know. Generated from libs/contracts by npm run contracts:generate.',
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: 'The brokers of KAFKA_BROKERS (deploy/compose.yaml for a workstation).',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
