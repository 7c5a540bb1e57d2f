import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { repoRoot } from '@hub/testing';

/**
 * The raw HTTP baseline: a bare node:http server in a process of its own that answers 202 after a
 * one-row INSERT of the event (the columns the gateway stores per event, as the raw Postgres
 * limit uses) through a pg pool of the gateway's default size. No framework, no validation, no
 * auth, no outbox: what the machine does for "HTTP request in, row committed, 202 out". The
 * gateway's saturation throughput is judged as a share of it.
 */
const RAW_HTTP_SERVER = `
const http = require('node:http');
const { createHash } = require('node:crypto');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE) });
const insert = 'INSERT INTO ' + process.env.TABLE +
  ' (id, case_code, department, type, sequence, event_time, payload, content_hash)' +
  ' VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    let e;
    try { e = JSON.parse(text); } catch { res.writeHead(400); res.end(); return; }
    const values = [e.id, e.subject, String(e.source).split('/').pop(), e.type, e.sequence, e.time,
      text, createHash('sha256').update(text).digest('hex')];
    pool.query(insert, values).then(
      () => { res.writeHead(202, { 'content-type': 'application/json' }); res.end('{"accepted":1}'); },
      (err) => { res.writeHead(500); res.end(String(err.code)); },
    );
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', () => pool.end().finally(() => process.exit(0))).resume();
`;

export interface RawHttpServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The gateway's default pool size (DB_POOL_SIZE). */
export const RAW_HTTP_POOL_SIZE = 10;

export async function startRawHttpServer(databaseUrl: string): Promise<RawHttpServer> {
  const table = `bench_raw_http_${randomBytes(4).toString('hex')}`;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`CREATE TABLE ${table} (
    id text PRIMARY KEY, case_code text NOT NULL, department text NOT NULL, type text NOT NULL,
    sequence int NOT NULL, event_time timestamptz NOT NULL, payload jsonb NOT NULL,
    content_hash text NOT NULL, accepted_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_code, sequence))`);
  // cwd: the repository, so the script's require('pg') finds the hub's own pg.
  const child: ChildProcess = spawn(process.execPath, ['-e', RAW_HTTP_SERVER], {
    cwd: repoRoot(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TABLE: table,
      POOL_SIZE: String(RAW_HTTP_POOL_SIZE),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`raw HTTP server exited (${code})`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid ?? 0,
    async stop() {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
      });
      await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await db.end().catch(() => undefined);
    },
  };
}
