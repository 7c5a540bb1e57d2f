import { randomUUID } from 'node:crypto';
import {
  type CitizenLookupPort,
  type EnterpriseLookupPort,
  RegistryError,
  RegistryErrorCode,
  type RegistryLookupResult,
  type CitizenRecord,
  type EnterpriseRecord,
} from '@hub/national-adapters';
import type { MetricsRegistry } from '@hub/observability';
import { isFresh } from './freshness';
import type { ProfileRepository, StoredProfile } from './repositories/profile.repository';
import type { SubjectKind, SubjectProtector } from './subject-protector';
import { flagsOf, registryOf, type VerifiedRecord } from './verified-fields';

export interface Subject {
  kind: SubjectKind;
  /** Personal ID or enterprise code, in clear only in memory. */
  id: string;
}

export interface ResolveContext {
  /** The case code or other stated purpose. */
  purpose: string;
  /** The procedure code the lookup serves (MaDVC). */
  serviceCode: string;
}

export type Resolution =
  /** `stale` only when the registry was down and `allowStale` was asked for. */
  | { kind: 'profile'; profile: StoredProfile; stale: boolean; lookedUp: boolean }
  | { kind: 'unavailable'; retryAfterMs?: number; stale?: StoredProfile }
  | { kind: 'refused'; code: RegistryErrorCode; message: string };

export interface ProfileResolverOptions {
  freshnessMs: number;
  /** MaCanBo sent with hub lookups (a system account of the hub). */
  officialCode: string;
  clock?: () => Date;
}

/**
 * The one way the hub gets a subject's verified profile: from Postgres while fresh, else from
 * the registry — single-flight per subject across every caller and replica. The registry call
 * runs while holding the subject's advisory lock; whoever waited on that lock re-reads the
 * profile and finds it fresh, so the registry sees one lookup per subject per freshness window.
 * (Holding a pooled connection for the length of one registry call, bounded by its timeout, is
 * the price.)
 */
export class ProfileResolver {
  private readonly resolutions;

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly protector: SubjectProtector,
    private readonly population: CitizenLookupPort,
    private readonly business: EnterpriseLookupPort,
    private readonly options: ProfileResolverOptions,
    metrics?: MetricsRegistry,
  ) {
    this.resolutions = metrics?.counter(
      'hub_profile_resolutions_total',
      'Profile resolutions by registry and where the answer came from (cache, registry, stale, unavailable, refused)',
      ['registry', 'source'],
    );
  }

  hashOf(subject: Subject): string {
    return this.protector.subjectHash(subject.kind, subject.id);
  }

  async resolve(
    subject: Subject,
    ctx: ResolveContext,
    opts: { allowStale: boolean },
  ): Promise<Resolution> {
    const hash = this.hashOf(subject);
    const now = (): Date => this.options.clock?.() ?? new Date();
    const cached = await this.profiles.find(hash);
    if (cached && isFresh(cached.fetchedAt, now(), this.options.freshnessMs)) {
      return this.count(subject, 'cache', {
        kind: 'profile',
        profile: cached,
        stale: false,
        lookedUp: false,
      });
    }
    return this.profiles.withSubjectLock(hash, async (tx) => {
      const current = await this.profiles.find(hash, tx);
      if (current && isFresh(current.fetchedAt, now(), this.options.freshnessMs)) {
        return this.count(subject, 'cache', {
          kind: 'profile',
          profile: current,
          stale: false,
          lookedUp: false,
        });
      }
      try {
        const profile = await this.lookup(subject, hash, ctx);
        await this.profiles.save(tx, profile, subject.id);
        return this.count(subject, 'registry', {
          kind: 'profile',
          profile,
          stale: false,
          lookedUp: true,
        });
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        if (e.code === RegistryErrorCode.Unavailable) {
          if (current && opts.allowStale) {
            return this.count(subject, 'stale', {
              kind: 'profile',
              profile: current,
              stale: true,
              lookedUp: false,
            });
          }
          return this.count(subject, 'unavailable', {
            kind: 'unavailable',
            ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
            ...(current ? { stale: current } : {}),
          });
        }
        return this.count(subject, 'refused', {
          kind: 'refused',
          code: e.code,
          message: e.message,
        });
      }
    });
  }

  private async lookup(
    subject: Subject,
    hash: string,
    ctx: ResolveContext,
  ): Promise<StoredProfile> {
    const lookupCtx = {
      requestId: randomUUID(),
      officialCode: this.options.officialCode,
      serviceCode: ctx.serviceCode,
      purpose: ctx.purpose,
    };
    let result: RegistryLookupResult<CitizenRecord> | RegistryLookupResult<EnterpriseRecord>;
    let verified: VerifiedRecord | undefined;
    if (subject.kind === 'citizen') {
      const r = await this.population.lookupCitizen(subject.id, lookupCtx);
      result = r;
      if (r.kind === 'found') verified = { kind: 'citizen', record: r.record };
    } else {
      const r = await this.business.lookupEnterprise(subject.id, lookupCtx);
      result = r;
      if (r.kind === 'found') verified = { kind: 'enterprise', record: r.record };
    }
    return {
      subjectHash: hash,
      subjectKind: subject.kind,
      registry: result.registry,
      status: result.kind === 'found' ? 'found' : 'not_found',
      ...(verified ? { verified } : {}),
      flags: verified ? flagsOf(verified) : [],
      requestId: result.requestId,
      fetchedAt: result.fetchedAt,
    };
  }

  private count<T extends Resolution>(subject: Subject, source: string, value: T): T {
    this.resolutions?.inc({ registry: registryOf(subject.kind), source });
    return value;
  }
}
