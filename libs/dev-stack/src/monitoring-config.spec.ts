import {
  exportedMetricNames,
  isExported,
  loadAlertRules,
  loadDashboardQueries,
  loadScrapeJobs,
  metricNamesIn,
} from './monitoring-config';

/** The alert names agreed between the branches (BRIEF); docs/operations.md has a runbook each. */
const AGREED_ALERTS = [
  'HubSyncRateBelowTarget',
  'HubOldestUnsyncedPastDeadline',
  'HubNationalBreakerOpen',
  'HubDeadLettersPresent',
  'HubConsumerLagGrowing',
  'HubConsumerNotProgressing',
  'HubOutboxBacklogStuck',
  'HubAppDown',
  'HubResultRegistrationsRefused',
  'HubPaymentConfirmsRefused',
  'HubPaymentChargedTwice',
  'HubIntakeDeadLettersOpen',
];

describe('deploy/prometheus/alerts.yaml', () => {
  const rules = loadAlertRules();

  it('has exactly the agreed alerts', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([...AGREED_ALERTS].sort());
  });

  it.each(AGREED_ALERTS)('%s has severity, summary, description and its runbook anchor', (name) => {
    const rule = rules.find((r) => r.alert === name);
    expect(rule?.labels?.['severity']).toMatch(/^(warning|critical)$/);
    expect(rule?.annotations?.['summary']).toEqual(expect.any(String));
    expect(rule?.annotations?.['description']).toEqual(expect.any(String));
    expect(rule?.annotations?.['runbook_url']).toBe(`docs/operations.md#${name.toLowerCase()}`);
    expect(metricNamesIn(rule?.expr ?? '').length).toBeGreaterThan(0);
  });

  it('watches only scrape jobs that prometheus.yml defines (HubAppDown reads `up`)', () => {
    const jobs = loadScrapeJobs().map((j) => j.job_name);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(job).toMatch(/^hub-/);
    expect(rules.find((r) => r.alert === 'HubAppDown')?.expr).toContain('up{job=~"hub-.*"}');
  });
});

describe('metric name extraction', () => {
  it('reads hub_* names and Prometheus series, not labels or quoted values', () => {
    expect(
      metricNamesIn(
        'sum by (le) (rate(hub_x_seconds_bucket{job="hub_fake"}[5m])) and up{job=~"hub-.*"} > 0',
      ).sort(),
    ).toEqual(['hub_x_seconds_bucket', 'up']);
  });

  it('accepts histogram series of exported histograms only', () => {
    const exported = exportedMetricNames(
      '# HELP hub_a_seconds a\n# TYPE hub_a_seconds histogram\n# TYPE hub_b gauge\n',
    );
    expect(isExported('hub_a_seconds_bucket', exported)).toBe(true);
    expect(isExported('hub_b', exported)).toBe(true);
    expect(isExported('hub_b_count', exported)).toBe(false);
    expect(isExported('hub_c', exported)).toBe(false);
  });

  it('finds a query in every dashboard panel', () => {
    const queries = loadDashboardQueries();
    expect(new Set(queries.map((q) => q.dashboard))).toEqual(
      new Set([
        'hub-sync-overview.json',
        'hub-national-adapters.json',
        'hub-kafka-outbox.json',
        'hub-http.json',
      ]),
    );
    for (const q of queries) expect(metricNamesIn(q.expr).length).toBeGreaterThan(0);
  });
});
