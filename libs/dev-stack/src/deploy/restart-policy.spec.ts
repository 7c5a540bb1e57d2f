import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '@hub/testing';
import { DEPLOYED_APPS } from './deployed-apps';

/**
 * An app that dies is started again everywhere the hub runs: `npm start` (AppSupervisor, see
 * app-supervisor.integration-spec.ts), compose and Kubernetes. Checked structurally here, as
 * deploy-manifests.spec.ts does, because no container engine or cluster runs the tests.
 */
const root = repoRoot();
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** One-shot jobs: they run to completion once per `up` and must not loop. */
const ONE_SHOTS = ['migrate', 'kafka-topics'];

describe('restart policies in deploy/', () => {
  it('compose restarts every long-running service that exits, and no one-shot', () => {
    const compose = obj(
      parse(readFileSync(join(root, 'deploy/compose.yaml'), 'utf8'), { merge: true }),
    );
    const services = obj(compose.services);
    for (const app of DEPLOYED_APPS) expect(Object.keys(services)).toContain(app);
    for (const [name, service] of Object.entries(services)) {
      const expected = ONE_SHOTS.includes(name) ? 'no' : 'unless-stopped';
      expect({ name, restart: obj(service).restart }).toEqual({ name, restart: expected });
    }
  });

  it('Kubernetes restarts every app container that dies or hangs (restartPolicy Always, liveness probe)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(entry)) files.push(path);
      }
    };
    walk(join(root, 'deploy/k8s'));
    const deployments = files.flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8'))
        .map((doc) => obj(doc.toJS()))
        .filter((doc) => doc.kind === 'Deployment' || doc.kind === 'StatefulSet')
        .map((doc) => ({ file: relative(root, file), doc })),
    );
    const names = deployments.map(({ doc }) => obj(doc.metadata).name);
    for (const app of DEPLOYED_APPS) expect(names).toContain(app);
    for (const { file, doc } of deployments) {
      const pod = obj(obj(obj(doc.spec).template).spec);
      const name = String(obj(doc.metadata).name);
      // Always is the default (and the only policy a Deployment allows): the kubelet restarts a
      // dead container with a backoff doubling from 10 s to 5 minutes (CrashLoopBackOff).
      expect({ file, name, restartPolicy: pod.restartPolicy ?? 'Always' }).toEqual({
        file,
        name,
        restartPolicy: 'Always',
      });
      for (const container of arr(pod.containers).map(obj)) {
        expect({
          file,
          container: container.name,
          liveness: Boolean(container.livenessProbe),
        }).toEqual({
          file,
          container: container.name,
          liveness: true,
        });
      }
    }
  });

  it('the migration Job retries a failed run a bounded number of times', () => {
    const job = parseAllDocuments(
      readFileSync(join(root, 'deploy/k8s/base/migration-job.yaml'), 'utf8'),
    )
      .map((doc) => obj(doc.toJS()))
      .find((doc) => doc.kind === 'Job');
    expect(obj(obj(obj(job?.spec).template).spec).restartPolicy).toBe('OnFailure');
    expect(obj(job?.spec).backoffLimit).toEqual(expect.any(Number));
  });
});
