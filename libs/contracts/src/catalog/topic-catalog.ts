import { z } from 'zod';
import { eventSchemas, type CaseEventType } from '../envelope';
import { exampleCase, exampleSyncOutcomes } from '../examples';
import { caseCode } from '../primitives';
import { SYNC_OUTCOME, syncOutcomeV1 } from '../sync-outcome.v1';
import { topics } from '../topics';

/** One CloudEvents `type` a topic carries, with the zod schema of the whole (structured) event. */
export interface MessageContract {
  /** CloudEvents `type`, e.g. `case.received`; sent as the `ce_type` header. */
  type: string;
  /** Version of the data schema; part of the schema file name (`<type>.v<version>.schema.json`). */
  version: number;
  summary: string;
  /**
   * The structured CloudEvent (attributes + `data`). On Kafka the attributes travel as `ce_*`
   * headers and `data` is the record value (binary content mode).
   */
  schema: z.ZodType;
}

/** A Kafka record header other than the `ce_*` attributes (those are derived from the schema). */
export interface ExtraHeader {
  name: string;
  description: string;
  schema: z.ZodType;
}

export interface ConsumerGroupContract {
  groupId: string;
  /** The app that runs the group (a hub app) or who (downstream). */
  app: string;
  description: string;
}

/**
 * One Kafka topic as integrators see it. Adding a topic to the hub is one entry in
 * `topicCatalog`: JSON Schemas, examples, the AsyncAPI document and the compatibility check
 * all follow from it.
 */
export interface TopicContract {
  name: string;
  description: string;
  key: { description: string; schema: z.ZodType };
  /** Partitions in production (deploy/); the key keeps one case on one partition, in order. */
  partitions: number;
  /** The hub app that produces the topic (or `departments` for inbound topics). */
  producer: string;
  consumerGroups: ConsumerGroupContract[];
  messages: MessageContract[];
  extraHeaders?: ExtraHeader[];
  /** Appended to every message schema's description: rules JSON Schema cannot express. */
  rules?: string;
  /** Example messages as structured CloudEvents, in a meaningful order. */
  examples: () => Record<string, unknown>[];
}

/** Kafka's default in deploy/compose.yaml; every hub topic uses it. */
export const DEFAULT_PARTITIONS = 12;

const caseCodeKey = {
  description: 'The case code (mã hồ sơ): every record of a case lands on one partition, in order.',
  schema: caseCode,
};

const caseEventSummaries: Record<CaseEventType, string> = {
  'case.received': 'A dossier was received (hồ sơ được tiếp nhận). Sequence 1 of its case.',
  'case.status-changed': 'The dossier moved to another status (thay đổi trạng thái).',
  'case.result-issued': 'The (electronic) result was issued (cấp kết quả).',
  'payment.completed': 'A fee or charge of the dossier was paid (thanh toán hoàn tất).',
};

/** Rules JSON Schema cannot express; the gateway enforces them before anything reaches Kafka. */
export const CASE_EVENT_RULES =
  'CloudEvents 1.0. Also enforced: data.caseCode equals subject; sequence is 1 for case.received and ≥ 2 otherwise, strictly increasing per case.';

export const topicCatalog: readonly TopicContract[] = [
  {
    name: topics.caseEvents,
    description:
      'Every case event the gateway accepted, once committed in Postgres (published from the outbox by the relay). At least once: deduplicate by ce_id. Per-case order: ce_sequence.',
    key: caseCodeKey,
    partitions: DEFAULT_PARTITIONS,
    producer: 'relay',
    consumerGroups: [
      {
        groupId: 'hub-portal-sync',
        app: 'portal-sync',
        description: 'Turns each event into a durable portal sync job (KAFKA_GROUP_ID).',
      },
    ],
    rules: CASE_EVENT_RULES,
    extraHeaders: [
      {
        name: 'hub-accepted-at',
        description: 'When the gateway committed the event (RFC 3339, UTC).',
        // The relay copies the gateway's commit time verbatim: `Date#toISOString()`.
        schema: z.iso.datetime(),
      },
    ],
    messages: (Object.keys(eventSchemas) as CaseEventType[]).map((type) => ({
      type,
      version: 1,
      summary: caseEventSummaries[type],
      schema: eventSchemas[type],
    })),
    examples: () => exampleCase().events,
  },
  {
    name: topics.syncResults,
    description:
      'The outcome of every portal sync attempt (synced, retry_scheduled, dead) of a case event. At least once: deduplicate by ce_id.',
    key: caseCodeKey,
    partitions: DEFAULT_PARTITIONS,
    producer: 'portal-sync',
    consumerGroups: [],
    messages: [
      {
        type: SYNC_OUTCOME,
        version: 1,
        summary: 'Outcome of one portal sync attempt for one case event.',
        schema: syncOutcomeV1,
      },
    ],
    examples: () => exampleSyncOutcomes(),
  },
];

