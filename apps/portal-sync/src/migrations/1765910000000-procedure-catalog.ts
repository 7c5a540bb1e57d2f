import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The national portal's procedure catalog, kept by portal-sync (the app that talks to the portal)
 * and published in `catalog_api` for the apps that check against it (gateway intake, prefill) and
 * show it (ops). A refresh replaces the copy in one transaction, so readers see the old catalog
 * or the new one, never half of each; a failed refresh changes nothing but its own record, so a
 * portal outage keeps the last good copy.
 */
export class ProcedureCatalog1765910000000 implements MigrationInterface {
  name = 'ProcedureCatalog1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_procedures (
        code          text PRIMARY KEY,
        name          text NOT NULL,
        procedure     jsonb NOT NULL,
        refreshed_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE catalog_agencies (
        code          text PRIMARY KEY,
        name          text NOT NULL,
        level         text NOT NULL,
        refreshed_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE catalog_refreshes (
        id            bigserial PRIMARY KEY,
        trigger       text NOT NULL CHECK (trigger IN ('schedule', 'requested')),
        requested_by  text,
        requested_at  timestamptz NOT NULL DEFAULT now(),
        state         text NOT NULL CHECK (state IN ('requested', 'running', 'done', 'failed')),
        started_at    timestamptz,
        finished_at   timestamptz,
        run_by        text,
        listed        int,
        procedures    int,
        added         int,
        changed       int,
        removed       int,
        agencies      int,
        skipped       jsonb NOT NULL DEFAULT '[]',
        error         text
      )`);
    await q.query(
      `CREATE INDEX catalog_refreshes_waiting ON catalog_refreshes (id) WHERE state = 'requested'`,
    );

    await q.query(`CREATE SCHEMA catalog_api`);
    await q.query(`
      CREATE VIEW catalog_api.procedures AS
        SELECT code, name, procedure, refreshed_at FROM catalog_procedures`);
    await q.query(`
      CREATE VIEW catalog_api.agencies AS
        SELECT code, name, level, refreshed_at FROM catalog_agencies`);
    await q.query(`
      CREATE VIEW catalog_api.refreshes AS
        SELECT id::text AS id, trigger, requested_by, requested_at, state, started_at, finished_at,
               run_by, listed, procedures, added, changed, removed, agencies, skipped, error
          FROM catalog_refreshes`);
    // An operator's "refresh now": portal-sync picks it up within its poll interval.
    await q.query(`
      CREATE FUNCTION catalog_api.request_refresh(p_requested_by text)
      RETURNS SETOF catalog_api.refreshes LANGUAGE sql AS $$
        INSERT INTO catalog_refreshes (trigger, requested_by, state)
        VALUES ('requested', p_requested_by, 'requested')
        RETURNING id::text, trigger, requested_by, requested_at, state, started_at, finished_at,
                  run_by, listed, procedures, added, changed, removed, agencies, skipped, error
      $$`);
    await q.query(`COMMENT ON SCHEMA catalog_api IS
      'Published by portal-sync: the national procedure catalog, its refreshes, and the refresh command'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA catalog_api CASCADE`);
    await q.query(`DROP TABLE catalog_refreshes`);
    await q.query(`DROP TABLE catalog_agencies`);
    await q.query(`DROP TABLE catalog_procedures`);
  }
}
