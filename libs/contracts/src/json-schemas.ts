import { z } from 'zod';
import { eventSchemas, type CaseEventType } from './envelope';
import { exampleCase } from './examples';
import { profileEventSchemas, type ProfileEventType } from './profile-events.v1';
import { DEAD_LETTER, deadLetterV1 } from './dead-letter.v1';
import { SYNC_OUTCOME, syncOutcomeV1 } from './sync-outcome.v1';
import { topics } from './topics';

const SCHEMA_BASE = 'https://lienthong.hanoi.gov.vn/contracts/schemas';

export interface GeneratedFile {
  path: string;
  content: string;
}

function schemaFile(topic: string, type: string, schema: z.ZodType, description: string): GeneratedFile {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const path = `schemas/${topic}/${type}.v1.schema.json`;
  return {
    path,
    content: `${JSON.stringify({ $id: `${SCHEMA_BASE}/${topic}/${type}.v1.schema.json`, title: `${type} v1`, description, ...json }, null, 2)}\n`,
  };
}

const descriptions: Record<CaseEventType, string> = {
  'case.received': 'A dossier was received (hồ sơ được tiếp nhận). Sequence 1 of its case.',
  'case.status-changed': 'The dossier moved to another status (thay đổi trạng thái).',
  'case.result-issued': 'The (electronic) result was issued (cấp kết quả).',
  'payment.completed': 'A fee or charge of the dossier was paid (thanh toán hoàn tất).',
};

/**
 * Everything under contracts/ is derived from the zod schemas here; `npm run contracts:generate`
 * writes it and `npm run contracts:check` (part of npm test) fails when it is stale. Rules that
 * JSON Schema cannot express (data.caseCode = subject, sequence 1 ⇔ case.received, fees add up)
 * are enforced by the gateway and listed in each schema's description.
 */
export function generatedContracts(): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const type of Object.keys(eventSchemas) as CaseEventType[]) {
    files.push(
      schemaFile(
        topics.caseEvents,
        type,
        eventSchemas[type],
        `${descriptions[type]} CloudEvents 1.0. Also enforced: data.caseCode equals subject; sequence is 1 for case.received and ≥ 2 otherwise, strictly increasing per case.`,
      ),
    );
  }
  files.push(
    schemaFile(topics.syncResults, SYNC_OUTCOME, syncOutcomeV1, 'Outcome of one portal sync attempt for one case event.'),
  );
  const profileDescriptions: Record<ProfileEventType, string> = {
    'profile.verified':
      'The applicant of a case was looked up in a national registry and compared with what was declared. No personal ID in clear: subjectRef is the hub keyed hash.',
    'profile.mismatch':
      'Declared fields of a case differ from the national registry (field names only, no values).',
    'result.registered':
      'A result document was registered as reusable for its owner (subjectRef = keyed hash).',
  };
  for (const type of Object.keys(profileEventSchemas) as ProfileEventType[]) {
    files.push(schemaFile(topics.profileEvents, type, profileEventSchemas[type], profileDescriptions[type]));
  }
  files.push(
    schemaFile(
      topics.deadLetters,
      DEAD_LETTER,
      deadLetterV1,
      'A record of city.case-events.inbound.v1 the hub refused: the reason (stable code and field errors) and the original record.',
    ),
  );
  exampleCase().events.forEach((event, i) => {
    files.push({ path: `examples/${topics.caseEvents}/${i + 1}-${event.type}.json`, content: `${JSON.stringify(event, null, 2)}\n` });
  });
  return files;
}
