import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: before the storable rule (libs/contracts, `STORABLE`; contracts/README.md "What the
 * hub can store"), the gateway accepted dates Postgres cannot read (year 0000, an offset beyond
 * ±15:59) or the portal refuses (before 2000, deadlines from 2100, moments in the future, birth
 * dates before 1900). One such `receivedAt` made every `GET /v1/indicators` answer 500.
 *
 * This migration quarantines those values: each accepted event holding one gets a row in
 * `case_events_quarantine` (the event id, the JSON paths, the payload as it was accepted), and the
 * bad values are removed from `case_events.payload` — an unknowable date is absent rather than
 * wrong, so readers leave it out (a case without `receivedAt` is in no month's scorecard, and
 * `hub_indicator_unreadable_cases` counts it). `content_hash` stays: a re-send of the original is
 * still recognised, and refused by today's contract. The event itself stays, so the case keeps
 * its sequence; its portal sync job holds its own copy of the event.
 *
 * Fields checked (every date the v1 contracts carry): `data.receivedAt`, `data.changedAt`,
 * `data.issuedAt`, `data.paidAt` (moments: 2000-01-01 up to now + 1 day), `data.dueAt`,
 * `data.newDueAt`, `data.documents[i].validUntil` (2000-01-01 to before 2100-01-01) and
 * `data.applicant.dateOfBirth` (1900-01-01 to today + 1 day). `time` is in `event_time` too, which
 * Postgres refused at the insert, so no stored event has an unreadable one.
 */
export class QuarantineUnstorableDates1765820000000 implements MigrationInterface {
  name = 'QuarantineUnstorableDates1765820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_events_quarantine (
        event_id          text PRIMARY KEY REFERENCES case_events (id),
        case_code         text NOT NULL,
        paths             text[] NOT NULL,
        accepted_payload  jsonb NOT NULL,
        quarantined_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`COMMENT ON TABLE case_events_quarantine IS
      'Dates accepted before the storable rule (issue 16) that no reader can use: removed from case_events.payload, kept here as accepted'`);
    // Only text of the RFC 3339 shape Postgres reads is ever cast (CASE guards the cast).
    await q.query(`
      CREATE FUNCTION pg_temp.instant_or_null(t text) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9])$'
                     AND left(t, 4) <> '0000'
                    THEN t::timestamptz END $$`);
    await q.query(`
      CREATE FUNCTION pg_temp.date_or_null(t text) RETURNS date LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND left(t, 4) <> '0000'
                    THEN t::date END $$`);
    await q.query(`
      CREATE TEMP TABLE unstorable AS
      WITH candidates AS (
        SELECT e.id, e.case_code, ARRAY['data', f.name] AS path, e.payload->'data'->>f.name AS v, f.kind
          FROM case_events e
         CROSS JOIN (VALUES ('receivedAt', 'moment'), ('changedAt', 'moment'),
                            ('issuedAt', 'moment'), ('paidAt', 'moment'),
                            ('dueAt', 'deadline'), ('newDueAt', 'deadline')) AS f(name, kind)
         WHERE e.payload->'data' ? f.name
        UNION ALL
        SELECT e.id, e.case_code, ARRAY['data', 'applicant', 'dateOfBirth'],
               e.payload->'data'->'applicant'->>'dateOfBirth', 'birth'
          FROM case_events e
         WHERE e.payload->'data'->'applicant' ? 'dateOfBirth'
        UNION ALL
        SELECT e.id, e.case_code, ARRAY['data', 'documents', (d.i - 1)::text, 'validUntil'],
               d.doc->>'validUntil', 'validity'
          FROM case_events e
         CROSS JOIN LATERAL jsonb_array_elements(
                CASE WHEN jsonb_typeof(e.payload->'data'->'documents') = 'array'
                     THEN e.payload->'data'->'documents' ELSE '[]'::jsonb END)
                WITH ORDINALITY AS d(doc, i)
         WHERE d.doc ? 'validUntil'
      )
      SELECT id, case_code, path
        FROM candidates
       WHERE CASE kind
               WHEN 'moment' THEN pg_temp.instant_or_null(v) IS NULL
                 OR pg_temp.instant_or_null(v) < '2000-01-01T00:00:00Z'
                 OR pg_temp.instant_or_null(v) > now() + interval '1 day'
               WHEN 'deadline' THEN pg_temp.instant_or_null(v) IS NULL
                 OR pg_temp.instant_or_null(v) < '2000-01-01T00:00:00Z'
                 OR pg_temp.instant_or_null(v) >= '2100-01-01T00:00:00Z'
               WHEN 'birth' THEN pg_temp.date_or_null(v) IS NULL
                 OR pg_temp.date_or_null(v) < '1900-01-01'
                 OR pg_temp.date_or_null(v) > current_date + 1
               ELSE coalesce(pg_temp.date_or_null(v), pg_temp.instant_or_null(v)::date) IS NULL
                 OR coalesce(pg_temp.date_or_null(v), pg_temp.instant_or_null(v)::date)
                      NOT BETWEEN '2000-01-01' AND '2099-12-31'
             END`);
    await q.query(`
      INSERT INTO case_events_quarantine (event_id, case_code, paths, accepted_payload)
      SELECT e.id, e.case_code, array_agg(array_to_string(u.path, '.') ORDER BY u.path), e.payload
        FROM unstorable u JOIN case_events e ON e.id = u.id
       GROUP BY e.id, e.case_code, e.payload`);
    // Deepest paths first, so removing one array element's field never shifts another's index.
    await q.query(`
      DO $$
      DECLARE u record;
      BEGIN
        FOR u IN SELECT id, path FROM unstorable ORDER BY id, path DESC LOOP
          UPDATE case_events SET payload = payload #- u.path WHERE id = u.id;
        END LOOP;
      END $$`);
    await q.query(`DROP TABLE unstorable`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE case_events e SET payload = qe.accepted_payload
        FROM case_events_quarantine qe WHERE qe.event_id = e.id`);
    await q.query(`DROP TABLE case_events_quarantine`);
  }
}
