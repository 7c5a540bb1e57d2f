import { z } from 'zod';
import { eventSchemas, type CaseEventType } from '../envelope';
import { DEAD_LETTER, deadLetterV1 } from '../dead-letter.v1';
import { exampleCase, exampleDeadLetters, exampleProfileEvents, exampleSyncOutcomes } from '../examples';
import { profileEventSchemas, type ProfileEventType } from '../profile-events.v1';
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
  key: {
    description: string;
    schema: z.ZodType;
    /** The record key an example (a structured event) is produced with; default its `subject`. */
    ofExample?: (example: Record<string, unknown>) => string | undefined;
  };
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

const profileEventSummaries: Record<ProfileEventType, string> = {
  'profile.verified':
    'The applicant of a case was looked up in a national registry and compared with what was declared.',
  'profile.mismatch':
    'Declared fields of a case differ from the national registry (field names only, no values).',
  'result.registered': 'A result document was registered as reusable for its owner.',
};

/** Rules JSON Schema cannot express; the gateway enforces them before anything reaches Kafka. */
export const CASE_EVENT_RULES =
  'CloudEvents 1.0. Also enforced: data.caseCode equals subject; sequence is 1 for case.received and ≥ 2 otherwise, strictly increasing per case. hubsequence only on events the hub originates (a payment the national payment platform confirmed): it follows the department\'s event `sequence` as 1, 2, …; a case\'s order is (sequence, hubsequence), a department\'s events counting as 0.';

export const topicCatalog: readonly TopicContract[] = [
  {
    name: topics.caseEvents,
    description:
      'Every case event the gateway accepted, once committed in Postgres (published from the outbox by the relay). At least once: deduplicate by ce_id. Per-case order: ce_sequence, then ce_hubsequence (absent = 0) for the events the hub originates.',
    key: caseCodeKey,
    partitions: DEFAULT_PARTITIONS,
    producer: 'relay',
    consumerGroups: [
      {
        groupId: 'hub-portal-sync',
        app: 'portal-sync',
        description: 'Turns each event into a durable portal sync job (KAFKA_GROUP_ID).',
      },
      {
        groupId: 'hub-once-only',
        app: 'once-only',
        description:
          'Looks applicants up in the national registries (case.received) and registers results as reusable (case.result-issued).',
      },
      {
        groupId: 'hub-webhooks',
        app: 'webhooks',
        description: 'Fans each event out into signed webhook deliveries, one per matching subscription.',
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
  {
    name: topics.profileEvents,
    description:
      'What the once-only service learned about a case applicant: verified against a national registry, declared fields that differ, results registered for reuse. No personal ID, name, birth date or address travels here: a person is named by subjectRef, the hub keyed hash. At least once: deduplicate by ce_id.',
    key: caseCodeKey,
    partitions: DEFAULT_PARTITIONS,
    producer: 'once-only',
    consumerGroups: [],
    messages: (Object.keys(profileEventSchemas) as ProfileEventType[]).map((type) => ({
      type,
      version: 1,
      summary: profileEventSummaries[type],
      schema: profileEventSchemas[type],
    })),
    examples: () => exampleProfileEvents(),
  },
  {
    name: topics.inbound,
    description:
      'Department systems produce their case events here (binary-mode CloudEvents, key = case code) instead of posting them. The gateway validates and authorises them exactly as POST /v1/events; refused records go to hub.dead-letters.v1 and never block the partition.',
    key: caseCodeKey,
    partitions: DEFAULT_PARTITIONS,
    producer: 'departments',
    consumerGroups: [
      {
        groupId: 'hub-gateway-inbound',
        app: 'gateway',
        description: 'The same accept-events command as POST /v1/events (INBOUND_GROUP_ID).',
      },
    ],
    rules: CASE_EVENT_RULES,
    extraHeaders: [
      {
        name: 'hub-key-id',
        description:
          'Names the department key the record is sent under, never the key: the first 16 hex digits of the SHA-256 of an HUB_API_KEYS key, or the <keyId> of an issued lth_<keyId>_<secret> key.',
        schema: z.string().regex(/^[a-f0-9]{12}([a-f0-9]{4})?$/),
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
    name: topics.deadLetters,
    description:
      'Every record of city.case-events.inbound.v1 the hub refused, with the reason (the stable code and field errors the HTTP gateway would answer) and the original record. Key = the original key. At least once: deduplicate by ce_id (derived from topic/partition/offset).',
    key: {
      description: 'The key of the refused record (normally its case code); may be absent.',
      schema: z.string(),
      ofExample: (example) => {
        const original = (example['data'] as { original?: { key?: unknown } } | undefined)?.original;
        return typeof original?.key === 'string' ? original.key : undefined;
      },
    },
    partitions: DEFAULT_PARTITIONS,
    producer: 'gateway',
    consumerGroups: [
      {
        groupId: 'hub-ops-dead-letters',
        app: 'ops',
        description:
          'Keeps each dead letter (its reason and where the original is, not its content) for the console, where an operator marks it handled (OPS_DEAD_LETTERS_GROUP_ID).',
      },
    ],
    messages: [
      {
        type: DEAD_LETTER,
        version: 1,
        summary: 'An inbound record the hub refused, with the reason and the original record.',
        schema: deadLetterV1,
      },
    ],
    examples: () => exampleDeadLetters(),
  },
];
