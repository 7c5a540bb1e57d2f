import { exampleCase, type CaseEventInput } from '@hub/contracts';

/**
 * The applicant of the banner's and the README's example: a citizen the mock population database
 * holds with the name and birth date the example declares (Nguyễn Văn An, 1990-05-17), so the
 * demo's verification matches and prefill finds them. The mock derives everyone from the ID
 * (apps/mock-population README); this is `existingPersonalId(16457, { birthYear: 1990 })`, found
 * by searching IDs for that name and date. example-applicant.integration-spec.ts asks the mock.
 */
export const EXAMPLE_APPLICANT_ID = '001090164571';

/** The example case of `@hub/contracts` with that applicant. */
export function exampleDemoCase(): ReturnType<typeof exampleCase> {
  return exampleCase({ personalId: EXAMPLE_APPLICANT_ID });
}

/** Its `case.received` event: what the banner writes to a file for the first curl. */
export function exampleReceivedEvent(): CaseEventInput {
  const [received] = exampleDemoCase().events;
  if (!received) throw new Error('exampleCase() returned no events');
  return received;
}
