import { z } from 'zod';
import type { MessageContract, TopicContract } from './topic-catalog';

/** A JSON Schema document (or subschema), as plain JSON. */
export type JsonSchema = { [keyword: string]: unknown };

export const SCHEMA_BASE = 'https://lienthong.hanoi.gov.vn/contracts/schemas';

/** Where a message's JSON Schema lives under contracts/ (and under each release snapshot). */
export function messageSchemaPath(topic: string, message: Pick<MessageContract, 'type' | 'version'>): string {
  return `schemas/${topic}/${message.type}.v${message.version}.schema.json`;
}

/**
 * JSON Schema (2020-12) of what a producer may send: the zod *input* side, so defaulted fields
 * are optional, as they are on the wire.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
}

/** The published JSON Schema of one message type of one topic (the structured CloudEvent). */
export function messageJsonSchema(topic: TopicContract, message: MessageContract): JsonSchema {
  const description = topic.rules ? `${message.summary} ${topic.rules}` : message.summary;
  return {
    $id: `${SCHEMA_BASE}/${topic.name}/${message.type}.v${message.version}.schema.json`,
    title: `${message.type} v${message.version}`,
    description,
    ...toJsonSchema(message.schema),
  };
}
