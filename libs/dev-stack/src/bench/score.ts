import { isMockApp } from '../deploy/deployed-apps';
import { TARGETS, type BenchResults } from './results';
import { ratio } from './stats';

const pct = (share: number): string => `${Math.round(share * 1000) / 10}%`;
/** The unrounded share a target is judged on (the stored ratios are rounded for reading). */
const exact = (hub: number, raw: number): number | null =>
  Number.isFinite(hub) && Number.isFinite(raw) && raw > 0 ? hub / raw : null;
const shareOf = (value: number | null): string => (value === null ? '—' : pct(value));

/**
 * Ratios to the raw limits of the same run and the targets, each met, missed, or not judged
 * (null: a --quick run, or a phase shorter or smaller than the target names).
 */
export function score(r: BenchResults): void {
  const kafka = r.raw?.kafka.produceConsumeRate ?? Number.NaN;
  const pg = r.raw?.postgres.rate ?? Number.NaN;
  const http = r.raw?.http?.perSecond ?? Number.NaN;
  if (r.sustained) {
    r.ratios.sustainedDeliveredToKafka = ratio(r.sustained.deliveredPerSecond, kafka);
    r.ratios.sustainedDeliveredToPostgres = ratio(r.sustained.deliveredPerSecond, pg);
    r.ratios.sustainedAcceptedToPostgres = ratio(r.sustained.acceptedPerSecond, pg);
  }
  if (r.backlog) {
    r.ratios.backlogDrainToKafka = ratio(r.backlog.drainPerSecond, kafka);
    r.ratios.backlogDrainPerReplicaToPostgres = ratio(r.backlog.drainPerSecondPerReplica, pg);
  }
  if (r.intakeSaturation) {
    r.ratios.gatewaySaturationToRawHttp = ratio(r.intakeSaturation.perSecond, http);
  }
  const full = !r.settings.quick;
  const judged = (met: boolean): boolean | null => (full ? met : null);
  const noBaseline = (what: string) => `no ${what} baseline in this run (add the raw phase)`;

  if (r.sustained) {
    const s = r.sustained;
    const share = exact(s.deliveredPerSecond, pg);
    r.targets.sustained = {
      target: `sustained end to end (${TARGETS.sustainedSeconds} s, offered above capacity) ≥ ${pct(TARGETS.sustainedShareOfPostgres)} of the raw Postgres insert rate, e2e p99 ≤ ${TARGETS.sustainedP99Ms / 1000} s`,
      measured:
        share === null
          ? noBaseline('Postgres')
          : `${s.deliveredPerSecond} events/s = ${shareOf(share)} of ${pg} rows/s; e2e p99 ${s.endToEndMs.p99} ms; ${s.seconds} s, offered ${s.offeredPerSecond}/s`,
      met:
        share === null
          ? null
          : judged(
              s.seconds >= TARGETS.sustainedSeconds &&
                share >= TARGETS.sustainedShareOfPostgres &&
                s.endToEndMs.p99 <= TARGETS.sustainedP99Ms &&
                s.allDelivered,
            ),
    };
  }
  if (r.backlog) {
    const b = r.backlog;
    const share = exact(b.drainPerSecondPerReplica, pg);
    r.targets.backlogDrain = {
      target: `backlog drain (${TARGETS.drainEvents.toLocaleString('en')} events, 20 ms portal) ≥ ${pct(TARGETS.drainShareOfPostgresPerReplica)} of the raw Postgres insert rate per portal-sync replica`,
      measured:
        share === null
          ? noBaseline('Postgres')
          : `${b.drainPerSecondPerReplica} events/s per replica = ${shareOf(share)} of ${pg} rows/s (${b.events} events, ${b.portalLatencyMs} ms portal, ${b.syncReplicas} replica(s))`,
      met:
        share === null
          ? null
          : judged(
              b.events >= TARGETS.drainEvents &&
                b.portalLatencyMs >= 20 &&
                share >= TARGETS.drainShareOfPostgresPerReplica &&
                b.allDelivered,
            ),
    };
  }
  if (r.intakeSaturation) {
    const g = r.intakeSaturation;
    const share = exact(g.perSecond, http);
    r.targets.gatewaySaturation = {
      target: `the gateway alone at saturation (one-event requests) ≥ ${pct(TARGETS.gatewayShareOfRawHttp)} of the raw HTTP+insert baseline`,
      measured:
        share === null
          ? noBaseline('raw HTTP')
          : `${g.perSecond} requests/s = ${shareOf(share)} of ${http}/s (${g.clients} clients, ${g.seconds} s, ${g.failures} failures)`,
      met:
        share === null ? null : judged(share >= TARGETS.gatewayShareOfRawHttp && g.failures === 0),
    };
  }
  if (r.acceptanceAtBaselineShare) {
    const l = r.acceptanceAtBaselineShare;
    r.targets.acceptanceP99 = {
      target: `whole hub: acceptance p99 ≤ ${TARGETS.acceptanceP99Ms} ms at ${pct(TARGETS.acceptanceLoadShareOfRawHttp)} of the raw HTTP baseline, every event delivered`,
      measured: `p99 ${l.latencyMs.p99} ms at ${l.offeredPerSecond} events/s for ${l.seconds} s; ${l.failures} failures; ${l.allDelivered ? 'all' : 'not all'} delivered`,
      met: judged(
        l.latencyMs.p99 <= TARGETS.acceptanceP99Ms && l.failures === 0 && l.allDelivered === true,
      ),
    };
  }
  if (r.idle) {
    const i = r.idle;
    r.targets.idleCpu = {
      target: `≤ ${TARGETS.idleCores} of a core for all hub apps together, idle for ${i.seconds} s`,
      measured: `${i.cores} cores`,
      met: i.cores <= TARGETS.idleCores,
    };
    r.targets.idleClaim = {
      target: `a job enqueued on an idle hub claimed within ${TARGETS.idleClaimP99Ms} ms at p99`,
      measured: `outbox row → published p50 ${i.enqueueToClaimMs.p50} ms, p99 ${i.enqueueToClaimMs.p99} ms (${i.enqueueToClaimMs.count} rows); event 202 → portal-sync claim p50 ${i.eventToSyncClaimMs.p50} ms, p99 ${i.eventToSyncClaimMs.p99} ms`,
      met: i.enqueueToClaimMs.p99 <= TARGETS.idleClaimP99Ms,
    };
  }
  const hubApps = Object.entries(r.memory).filter(([label]) => !isMockApp(label));
  if (hubApps.length > 0) {
    const worst = hubApps.reduce((a, b) => (b[1].peakMb > a[1].peakMb ? b : a));
    r.targets.rss = {
      target: `≤ ${TARGETS.rssMbPerApp} MB RSS per app (mocks excluded)`,
      measured: `largest: ${worst[0]} ${worst[1].peakMb} MB peak`,
      met: judged(worst[1].peakMb <= TARGETS.rssMbPerApp),
    };
  }
  if (!full) {
    r.notes.push(
      '--quick run: phases too short and loads too small to judge the targets (met = null)',
    );
  }
}
