import { asyncApiDocument } from './catalog/asyncapi';
import { messageJsonSchema, messageSchemaPath } from './catalog/json-schema';
import { type TopicContract, topicCatalog } from './catalog/topic-catalog';
import { httpApis } from './http/apis';
import { openApiDocument } from './http/openapi';

export interface GeneratedFile {
  path: string;
  content: string;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The JSON Schema files of every message type, by path under contracts/. */
export function messageSchemaFiles(catalog: readonly TopicContract[] = topicCatalog): GeneratedFile[] {
  return catalog.flatMap((topic) =>
    topic.messages.map((message) => ({
      path: messageSchemaPath(topic.name, message),
      content: json(messageJsonSchema(topic, message)),
    })),
  );
}

export interface GenerateOptions {
  /** The contracts version the documents announce (the latest release, see contracts/README.md). */
  version: string;
}

/**
 * Everything under contracts/ (except released/ snapshots) is derived from the catalogs here;
 * `npm run contracts:generate` writes it and `npm run contracts:check` (part of npm test) fails
 * when it is stale or breaks a released version. Rules that JSON Schema cannot express
 * (data.caseCode = subject, sequence 1 ⇔ case.received, fees add up) are enforced by the gateway
 * and listed in each schema's description.
 */
export function generatedContracts(options: GenerateOptions): GeneratedFile[] {
  const files = messageSchemaFiles();
  for (const topic of topicCatalog) {
    topic.examples().forEach((event, i) => {
      files.push({ path: `examples/${topic.name}/${i + 1}-${String(event['type'])}.json`, content: json(event) });
    });
  }
  files.push({ path: 'asyncapi.json', content: json(asyncApiDocument(topicCatalog, options)) });
  for (const [app, api] of Object.entries(httpApis)) {
    files.push({ path: `openapi/${app}.json`, content: json(openApiDocument(api, options)) });
  }
  return files;
}
