/** Kafka topics the hub owns. Partitioned by case code so one case's events stay in order. */
export const topics = {
  caseEvents: 'hub.case-events.v1',
  syncResults: 'hub.sync-results.v1',
  profileEvents: 'hub.profile-events.v1',
  /** Departments produce CloudEvents (binary mode) here; the gateway consumes and validates them. */
  inbound: 'city.case-events.inbound.v1',
  /** Every inbound record the hub could not accept, with the reason and the original record. */
  deadLetters: 'hub.dead-letters.v1',
} as const;
export type HubTopic = (typeof topics)[keyof typeof topics];
