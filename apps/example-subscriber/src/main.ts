/**
 * Example downstream subscriber (not part of the hub): prints every case event it receives as
 * one JSON line on stdout. `SUBSCRIBER_MODE=webhook` verifies signed deliveries;
 * `SUBSCRIBER_MODE=kafka` joins a consumer group on hub.case-events.v1. See docs/integrators.md.
 */
import { topics } from '@hub/contracts';
import { fromBinaryRecord, KafkaConnection } from '@hub/messaging';
import { HubLogger } from '@hub/observability';
import { loadSubscriberConfig } from './config';
import { createWebhookReceiver } from './webhook-receiver';

const print = (line: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const config = loadSubscriberConfig();
  if (config.SUBSCRIBER_MODE === 'webhook') {
    if (!config.WEBHOOK_SECRET) throw new Error('WEBHOOK_SECRET is required in webhook mode');
    const seen = new Set<string>();
    const server = createWebhookReceiver({
      secret: config.WEBHOOK_SECRET,
      toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
      onEvent: ({ webhookId, event }) => {
        // At least once: a retry after a lost answer carries the same event id; print it once.
        const id = String(event['id']);
        if (seen.has(id)) return;
        seen.add(id);
        print({
          via: 'webhook',
          webhookId,
          id,
          type: event['type'],
          subject: event['subject'],
          sequence: event['sequence'],
        });
      },
    });
    server.listen(config.SUBSCRIBER_PORT, config.SUBSCRIBER_HOST, () =>
      print({ listening: `http://${config.SUBSCRIBER_HOST}:${config.SUBSCRIBER_PORT}/` }),
    );
    const stop = () => server.close(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    return;
  }
  if (!config.KAFKA_BROKERS?.length) throw new Error('KAFKA_BROKERS is required in kafka mode');
  const kafka = new KafkaConnection({
    brokers: config.KAFKA_BROKERS,
    clientId: 'example-subscriber',
    logger: HubLogger.for('example-subscriber', 'warn'),
  });
  const consumer = kafka.consumer({
    groupId: config.SUBSCRIBER_GROUP_ID,
    topics: [topics.caseEvents],
    fromBeginning: true,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 500,
    maxWaitTimeMs: 200,
    handleBatch: (records) => {
      for (const r of records) {
        const event = fromBinaryRecord(r.headers, r.value);
        print({
          via: 'kafka',
          partition: r.partition,
          offset: r.offset,
          id: event.id,
          type: event.type,
          subject: event.subject,
          sequence: event['sequence'],
        });
      }
      return Promise.resolve();
    },
  });
  await consumer.start();
  print({ consuming: topics.caseEvents, group: config.SUBSCRIBER_GROUP_ID });
  const stop = () => void kafka.disconnect().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
