import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@hub/testing';

/*
 * Reads the Prometheus rules and Grafana dashboards under deploy/ so tests can hold them against
 * what the apps really export (monitoring-config.spec.ts statically, operations.e2e-spec.ts by
 * scraping every app's /metrics).
 */

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

/** Series Prometheus itself writes for every target; no app exports them. */
export const PROMETHEUS_SYNTHETIC = new Set(['up', 'scrape_duration_seconds']);

export function loadAlertRules(root = repoRoot()): AlertRule[] {
  const doc = parse(readFileSync(join(root, 'deploy/prometheus/alerts.yaml'), 'utf8')) as {
    groups: { name: string; rules: AlertRule[] }[];
  };
  return doc.groups.flatMap((g) => g.rules);
}

export function loadScrapeJobs(root = repoRoot()): { job_name: string; targets: string[] }[] {
  const doc = parse(readFileSync(join(root, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
    scrape_configs: { job_name: string; static_configs?: { targets: string[] }[] }[];
  };
  return doc.scrape_configs.map((c) => ({
    job_name: c.job_name,
    targets: (c.static_configs ?? []).flatMap((s) => s.targets),
  }));
}

export function loadDashboardQueries(root = repoRoot()): DashboardQuery[] {
  const dir = join(root, 'deploy/grafana/dashboards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        title: string;
        panels: { title: string; targets?: { expr?: string }[] }[];
      };
      return dashboard.panels.flatMap((p) =>
        (p.targets ?? [])
          .filter((t): t is { expr: string } => typeof t.expr === 'string')
          .map((t) => ({ dashboard: file, panel: p.title, expr: t.expr })),
      );
    });
}

/**
 * Metric names a PromQL expression reads: every `hub_*` identifier plus Prometheus' own series.
 * Labels and functions never start with `hub_`, and label values are quoted.
 */
export function metricNamesIn(expr: string): string[] {
  const unquoted = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = new Set<string>();
  for (const m of unquoted.matchAll(/\b(hub_[a-z0-9_]+)\b/g)) names.add(m[1]);
  for (const m of unquoted.matchAll(/\b([a-z_]+)\s*\{/g)) {
    if (PROMETHEUS_SYNTHETIC.has(m[1])) names.add(m[1]);
  }
  return [...names];
}

/** Metric families in a Prometheus text exposition (`# TYPE <name> <type>` lines). */
export function exportedMetricNames(exposition: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1], m[2]);
  return out;
}

/** Whether `name` (possibly a histogram's `_bucket`/`_sum`/`_count` series) is exported. */
export function isExported(name: string, exported: Map<string, string>): boolean {
  if (exported.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const type = exported.get(base);
  return base !== name && (type === 'histogram' || type === 'summary');
}
