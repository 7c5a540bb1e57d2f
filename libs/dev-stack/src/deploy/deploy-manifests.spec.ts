import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { APP_NODE_OPTIONS, nodeArgsFor } from '../app-process';
import { repoRoot } from '@hub/testing';
import { ConfiguredDepartments } from '../../../../apps/gateway/src/department-keys/configured-departments';
import { DEPLOYED_APPS, DEPLOYED_TOPICS, TOPIC_PARTITIONS, isMockApp } from './deployed-apps';

/**
 * The deployment files, checked structurally: there is no container engine or cluster on the
 * machines that run the tests, so nothing here is started. What can be checked without one is:
 * every app is there, images are pinned, pods are non-root with probes and resources, every
 * reference (Secret, HPA target, selector, topic) points at something that exists.
 */
const root = repoRoot();
const deploy = join(root, 'deploy');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], v);

const PINNED = /^[a-z0-9./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/;
const hubApps = DEPLOYED_APPS.filter((a) => !isMockApp(a));
const mockApps = DEPLOYED_APPS.filter(isMockApp);

describe('deploy/compose.yaml', () => {
  const compose = obj(parse(read('deploy/compose.yaml'), { merge: true }));
  const services = obj(compose.services);

  it.each(DEPLOYED_APPS)('runs %s from the hub image with a healthcheck', (app) => {
    const service = obj(services[app]);
    expect(service.command).toEqual([app]);
    expect(at(service, 'build', 'dockerfile')).toBe('deploy/Dockerfile');
    const test = arr(at(service, 'healthcheck', 'test')).map(str);
    expect(test.length).toBeGreaterThan(0);
    expect(test.join(' ')).toMatch(/\/health\/(ready|live)/);
    expect(service.read_only).toBe(true);
  });

  it.each(hubApps)('starts %s only after the migration, Kafka and its topics', (app) => {
    const deps = obj(obj(services[app]).depends_on);
    expect(at(deps, 'migrate', 'condition')).toBe('service_completed_successfully');
    expect(at(deps, 'kafka', 'condition')).toBe('service_healthy');
    expect(at(deps, 'kafka-topics', 'condition')).toBe('service_completed_successfully');
  });

  it('has Postgres, Kafka (KRaft), the migration, Prometheus and Grafana', () => {
    for (const name of ['postgres', 'kafka', 'kafka-topics', 'migrate', 'prometheus', 'grafana'])
      expect(Object.keys(services)).toContain(name);
    expect(at(services, 'kafka', 'environment', 'KAFKA_PROCESS_ROLES')).toBe('broker,controller');
    expect(obj(services.migrate).command).toEqual(['migrate']);
    expect(at(services, 'migrate', 'depends_on', 'postgres', 'condition')).toBe('service_healthy');
  });

  it('creates every topic of the contracts with the partitions the contracts announce', () => {
    const script = (obj(services['kafka-topics']).command as unknown[]).map(String).join('\n');
    const created = new Map(
      [...script.matchAll(/^\s*t (\S+) (\d+) /gm)].map((m) => [m[1], Number(m[2])]),
    );
    expect(new Map([...created].sort())).toEqual(new Map([...TOPIC_PARTITIONS].sort()));
  });

  it('pins every image it pulls by tag and digest, never latest', () => {
    for (const [name, s] of Object.entries(services)) {
      const service = obj(s);
      if (service.build) continue; // the hub image, built from deploy/Dockerfile
      expect({ name, pinned: PINNED.test(str(service.image)) }).toEqual({ name, pinned: true });
      expect(str(service.image)).not.toMatch(/:latest(@|$)/);
    }
  });

  it('gives every service that depends on another a healthcheck to wait for', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, how] of Object.entries(obj(obj(s).depends_on))) {
        expect({ name, dep, exists: dep in services }).toEqual({ name, dep, exists: true });
        if (str(obj(how).condition) === 'service_healthy')
          expect({ dep, healthcheck: Boolean(obj(services[dep]).healthcheck) }).toEqual({
            dep,
            healthcheck: true,
          });
      }
    }
  });

  it("binds the gateway's case codes to agencies for every department with a key", () => {
    const env = obj(obj(services['gateway']).environment);
    const departments = ConfiguredDepartments.parse(str(env.HUB_DEPARTMENTS));
    const keyed = str(env.HUB_API_KEYS)
      .split(',')
      .map((entry) => entry.split(':')[0]);
    expect(keyed.length).toBeGreaterThan(0);
    for (const name of keyed) expect([...departments.keys()]).toContain(name);
  });

  it('creates every topic of the contracts', () => {
    const script = arr(obj(services['kafka-topics']).command).map(str).join('\n');
    for (const topic of DEPLOYED_TOPICS)
      expect(script).toMatch(new RegExp(`\\bt ${topic.replace(/\./g, '\\.')} \\d+`));
  });

  it('mounts Prometheus config with the alert rules and Grafana provisioning that exist', () => {
    const volumes = (name: string) => arr(obj(services[name]).volumes).map(str);
    expect(volumes('prometheus')).toContain('./prometheus:/etc/prometheus/hub:ro');
    expect(volumes('grafana')).toEqual(
      expect.arrayContaining([
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        './grafana/dashboards:/var/lib/grafana/dashboards/hub:ro',
      ]),
    );
    const prometheus = obj(parse(read('deploy/prometheus/prometheus.yml')));
    // Relative rule files resolve against the config file's directory, where alerts.yaml is.
    expect(arr(prometheus.rule_files).map(str)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(\/etc\/prometheus\/hub\/)?alerts\.yaml$/)]),
    );
    const targets = arr(prometheus.scrape_configs).flatMap((c) =>
      arr(obj(c).static_configs).flatMap((s) => arr(obj(s).targets).map(str)),
    );
    for (const app of hubApps)
      expect({ app, scraped: targets.some((t) => t.startsWith(`${app}:`)) }).toEqual({
        app,
        scraped: true,
      });
    const datasources = obj(parse(read('deploy/grafana/provisioning/datasources/prometheus.yaml')));
    // The dashboards refer to their datasource by this uid.
    expect(at(arr(datasources.datasources)[0], 'uid')).toBe('hub-prometheus');
    for (const file of readdirSync(join(deploy, 'grafana', 'dashboards')).filter((f) =>
      f.endsWith('.json'),
    )) {
      const uids = [
        ...read(`deploy/grafana/dashboards/${file}`).matchAll(
          /"datasource":\s*\{[^}]*"uid":\s*"([^"$]+)"/g,
        ),
      ].map((m) => m[1]);
      for (const uid of uids) expect({ file, uid }).toEqual({ file, uid: 'hub-prometheus' });
    }
    const providers = obj(parse(read('deploy/grafana/provisioning/dashboards/hub.yaml')));
    expect(at(arr(providers.providers)[0], 'options', 'path')).toBe(
      '/var/lib/grafana/dashboards/hub',
    );
  });
});

describe('deploy/Dockerfile', () => {
  const text = read('deploy/Dockerfile');
  const args = Object.fromEntries(
    [...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]] as const),
  );
  const froms = [...text.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)].map((m) => ({
    image: m[1].replace(/^\$\{(\w+)\}$/, (_, name: string) => args[name] ?? m[1]),
    stage: m[2],
  }));
  const stages = new Set(froms.map((f) => f.stage));

  it('is multi-stage: dependencies, build, runtime', () => {
    expect(froms.map((f) => f.stage)).toEqual(['deps', 'build', 'runtime']);
  });

  it('pulls only base images pinned by tag and digest', () => {
    for (const { image } of froms) {
      if (stages.has(image)) continue; // FROM an earlier stage
      expect(image).toMatch(PINNED);
    }
  });

  it('installs from the lockfile, builds, then prunes to production dependencies', () => {
    const order = ['npm ci', 'npm run build', 'npm prune --omit=dev'].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('runs the apps with the node options the dev stack and the benchmark use', () => {
    const runtime = text.slice(text.lastIndexOf('FROM '));
    const options = /NODE_OPTIONS="([^"]*)"/.exec(runtime)?.[1];
    expect(options?.split(/\s+/)).toEqual([...APP_NODE_OPTIONS]);
    expect(options).toContain('--max-old-space-size=');
    for (const app of DEPLOYED_APPS.filter((a) => !isMockApp(a)))
      expect(nodeArgsFor(app, ['--cpu-prof'])).toEqual([...APP_NODE_OPTIONS, '--cpu-prof']);
    // The mocks stand in for national systems, are not deployed and keep every dossier in memory.
    expect(nodeArgsFor('mock-portal')).toEqual(['--enable-source-maps']);
  });

  it('ships what ops reads at run time from its working directory: targets and console', () => {
    const runtime = text.slice(text.lastIndexOf('FROM '));
    for (const dir of ['apps/ops/config', 'apps/ops/console']) {
      expect(runtime).toContain(`/app/${dir} ./${dir}`);
      expect(existsSync(join(root, dir))).toBe(true);
    }
  });

  it('runs as a non-root user, the app chosen by the command', () => {
    const runtime = text.slice(text.lastIndexOf('FROM '));
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/hub-entrypoint"\]$/m);
    const entrypoint = read('deploy/docker/hub-entrypoint.sh');
    expect(entrypoint).toContain('exec node "$main"');
    expect(entrypoint).toContain('dist/libs/persistence/src/cli/migrate.js');
    expect(existsSync(join(root, 'libs/persistence/src/cli/migrate.ts'))).toBe(true);
  });
});

interface Resource {
  file: string;
  kind: string;
  name: string;
  doc: Obj;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

function load(files: string[]): Resource[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((d) => obj(d.toJS()))
      .filter((doc) => typeof doc.kind === 'string')
      .map((doc) => ({
        file: relative(root, file),
        kind: str(doc.kind),
        name: str(at(doc, 'metadata', 'name')),
        doc,
      })),
  );
}

describe('deploy/k8s', () => {
  const k8s = join(deploy, 'k8s');
  const manifests = load(
    yamlFiles(k8s).filter(
      (f) => !/kustomization\.yaml$|secrets\.example\.yaml$|monitoring/.test(f),
    ),
  );
  const of = (kind: string) => manifests.filter((r) => r.kind === kind);
  const deployments = of('Deployment');
  const secrets = load([join(k8s, 'secrets.example.yaml')]).filter((r) => r.kind === 'Secret');
  const matches = (selector: unknown, labels: unknown): boolean =>
    Object.keys(obj(selector)).length > 0 &&
    Object.entries(obj(selector)).every(([k, v]) => obj(labels)[k] === v);
  const podLabels = (d: Resource) => at(d.doc, 'spec', 'template', 'metadata', 'labels');

  it('deploys every hub app in the base and the mocks only in the demo overlay', () => {
    const base = deployments.filter((d) => d.file.includes('/base/')).map((d) => d.name);
    const demo = deployments.filter((d) => d.file.includes('/overlays/demo/')).map((d) => d.name);
    expect(base.sort()).toEqual([...hubApps].sort());
    expect(demo.sort()).toEqual([...mockApps].sort());
  });

  it('lists every manifest file in a kustomization, and every listed file exists', () => {
    const listed = new Set<string>();
    for (const file of yamlFiles(k8s).filter((f) => f.endsWith('kustomization.yaml'))) {
      const k = obj(parse(readFileSync(file, 'utf8')));
      for (const r of arr(k.resources).map(str)) {
        const path = join(file, '..', r);
        expect({ file: relative(root, file), r, exists: existsSync(path) }).toEqual({
          file: relative(root, file),
          r,
          exists: true,
        });
        listed.add(path);
      }
    }
    for (const m of new Set(manifests.map((r) => join(root, r.file))))
      expect({ file: relative(root, m), listed: listed.has(m) }).toEqual({
        file: relative(root, m),
        listed: true,
      });
  });

  describe.each(deployments.map((d) => [d.name, d] as const))('Deployment %s', (_, d) => {
    const pod = obj(at(d.doc, 'spec', 'template', 'spec'));
    const containers = arr(pod.containers).map(obj);

    it('selects its own pods, and a Service and a PodDisruptionBudget select them too', () => {
      expect(matches(at(d.doc, 'spec', 'selector', 'matchLabels'), podLabels(d))).toBe(true);
      const pdbs = of('PodDisruptionBudget').filter((p) =>
        matches(at(p.doc, 'spec', 'selector', 'matchLabels'), podLabels(d)),
      );
      expect(pdbs).toHaveLength(1);
      const services = of('Service').filter((s) =>
        matches(at(s.doc, 'spec', 'selector'), podLabels(d)),
      );
      expect(services.length).toBeGreaterThan(0);
    });

    it('has liveness and readiness probes on /health/live and /health/ready', () => {
      for (const c of containers) {
        expect(at(c, 'livenessProbe', 'httpGet', 'path')).toBe('/health/live');
        expect(at(c, 'readinessProbe', 'httpGet', 'path')).toBe('/health/ready');
      }
    });

    it('has CPU and memory requests and limits', () => {
      for (const c of containers)
        for (const k of ['requests', 'limits'])
          for (const r of ['cpu', 'memory'])
            expect(at(c, 'resources', k, r)).toEqual(expect.anything());
    });

    it('runs non-root, without privilege escalation, on a read-only root filesystem', () => {
      expect(at(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
      expect(at(pod, 'securityContext', 'runAsUser')).not.toBe(0);
      for (const c of containers) {
        expect(at(c, 'securityContext', 'runAsNonRoot')).toBe(true);
        expect(at(c, 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
        expect(at(c, 'securityContext', 'readOnlyRootFilesystem')).toBe(true);
        expect(at(c, 'securityContext', 'capabilities', 'drop')).toEqual(['ALL']);
        expect(str(c.image)).not.toMatch(/:latest$/);
        expect(c.args).toEqual([d.name]);
      }
    });
  });

  it('points every HorizontalPodAutoscaler at an existing Deployment, on metrics the adapter serves', () => {
    const adapter = obj(parse(read('deploy/k8s/monitoring/prometheus-adapter-values.yaml')));
    const served = arr(at(adapter, 'rules', 'external')).map((r) => str(at(r, 'name', 'as')));
    const caseEvents = of('KafkaTopic').find(
      (t) => at(t.doc, 'spec', 'topicName') === 'hub.case-events.v1',
    );
    const partitions = Number(at(caseEvents?.doc, 'spec', 'partitions'));
    expect(of('HorizontalPodAutoscaler').length).toBeGreaterThan(0);
    for (const hpa of of('HorizontalPodAutoscaler')) {
      const target = obj(at(hpa.doc, 'spec', 'scaleTargetRef'));
      expect(target.kind).toBe('Deployment');
      expect(deployments.map((d) => d.name)).toContain(target.name);
      const external = arr(at(hpa.doc, 'spec', 'metrics')).filter(
        (m) => obj(m).type === 'External',
      );
      for (const m of external) expect(served).toContain(at(m, 'external', 'metric', 'name'));
      if (external.some((m) => at(m, 'external', 'metric', 'name') === 'hub_consumer_lag'))
        expect(Number(at(hpa.doc, 'spec', 'maxReplicas'))).toBeLessThanOrEqual(partitions);
    }
  });

  it('references Secrets only by name, each declared with the key read', () => {
    const declared = new Map(
      secrets.map((s) => [s.name, Object.keys(obj(s.doc.stringData ?? s.doc.data))]),
    );
    expect(of('Secret')).toEqual([]); // no Secret values in the manifests themselves
    const refs: { name: string; key: string }[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (v === null || typeof v !== 'object') return;
      const o = v as Obj;
      if (o.secretKeyRef)
        refs.push({
          name: str(at(o, 'secretKeyRef', 'name')),
          key: str(at(o, 'secretKeyRef', 'key')),
        });
      if (o.secretRef) refs.push({ name: str(at(o, 'secretRef', 'name')), key: '' });
      Object.values(o).forEach(walk);
    };
    manifests.forEach((m) => walk(m.doc));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect({ ...ref, declared: declared.has(ref.name) }).toEqual({ ...ref, declared: true });
      if (ref.key) expect(declared.get(ref.name)).toContain(ref.key);
    }
  });

  it("binds the gateway's case codes to agencies for every department of the example keys", () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.name === 'hub-config');
    const departments = ConfiguredDepartments.parse(
      str(at(config?.doc, 'data', 'HUB_DEPARTMENTS')),
    );
    const keys = secrets.find((s) => s.name === 'hub-api-keys');
    const keyed = str(at(keys?.doc, 'stringData', 'HUB_API_KEYS'))
      .split(',')
      .map((entry) => entry.split(':')[0]);
    expect(keyed.length).toBeGreaterThan(0);
    for (const name of keyed) expect([...departments.keys()]).toContain(name);
  });

  it('defines a Strimzi KafkaTopic for exactly the topics of the contracts', () => {
    const defined = of('KafkaTopic').map((t) => str(at(t.doc, 'spec', 'topicName')));
    expect(defined.sort()).toEqual([...DEPLOYED_TOPICS].sort());
    for (const t of of('KafkaTopic')) {
      const name = str(at(t.doc, 'spec', 'topicName'));
      // What the AsyncAPI document promises integrators is what the cluster gets.
      expect({ name, partitions: Number(at(t.doc, 'spec', 'partitions')) }).toEqual({
        name,
        partitions: TOPIC_PARTITIONS.get(name),
      });
      expect(at(t.doc, 'spec', 'config', 'retention.ms')).toEqual(expect.any(Number));
      expect(at(t.doc, 'metadata', 'labels', 'strimzi.io/cluster')).toBe('hub');
    }
  });

  it('denies all traffic by default and runs the migration as a Job', () => {
    const deny = of('NetworkPolicy').find((p) => p.name === 'default-deny');
    expect(at(deny?.doc, 'spec', 'podSelector')).toEqual({});
    expect(at(deny?.doc, 'spec', 'policyTypes')).toEqual(['Ingress', 'Egress']);
    const job = of('Job').find((j) => j.name === 'hub-migrate');
    expect(at(arr(at(job?.doc, 'spec', 'template', 'spec', 'containers'))[0], 'args')).toEqual([
      'migrate',
    ]);
  });
});

describe('docs/operations.md', () => {
  const doc = read('docs/operations.md');
  /** The alerts agreed in the BRIEF, plus whatever deploy/prometheus/alerts.yaml defines. */
  const alerts = new Set([
    'HubSyncRateBelowTarget',
    'HubOldestUnsyncedPastDeadline',
    'HubNationalBreakerOpen',
    'HubDeadLettersPresent',
    'HubConsumerLagGrowing',
    'HubConsumerNotProgressing',
    'HubOutboxBacklogStuck',
    'HubAppDown',
  ]);
  if (existsSync(join(deploy, 'prometheus', 'alerts.yaml'))) {
    const rules = obj(parse(read('deploy/prometheus/alerts.yaml')));
    for (const group of arr(rules.groups))
      for (const rule of arr(obj(group).rules))
        if (obj(rule).alert) alerts.add(str(obj(rule).alert));
  }

  it.each([...alerts])('has a runbook for %s under its lower-case anchor', (alert) => {
    expect(doc).toContain(`<a id="${alert.toLowerCase()}"></a>`);
    expect(doc).toMatch(new RegExp(`^### ${alert}$`, 'm'));
  });
});
