import type { NationalCallStats } from '../transport/breaker-client';
import type { OnModuleDestroy } from '@nestjs/common';
import { toCitizenRecord } from './population/population-mapping';
import {
  POPULATION_LOOKUP_PATH,
  POPULATION_LOOKUP_SERVICE,
  type PopulationLookupRequest,
} from './population/population-wire';
import { type RegistryReading, RegistryClient } from './registry-client';
import { RegistryError, RegistryErrorCode } from './registry-errors';
import { assertLookupContext, rejectedInput } from './registry-input';
import type { RegistryAdapterOptions } from './registry-options';
import {
  REGISTRY_CODES,
  type RegistryHttpReply,
  badResponse,
  resultCodeOf,
} from './registry-protocol';
import type {
  CitizenRecord,
  RegistryBreakerState,
  RegistryLookupContext,
  RegistryLookupResult,
} from './registry-types';

/** What the hub depends on; `PopulationAdapter` is the real one, tests may fake it. */
export interface CitizenLookupPort {
  /** Resolves found / not-found; throws `RegistryError` for every other outcome. */
  lookupCitizen(
    personalId: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<CitizenRecord>>;
  breakerState(): RegistryBreakerState;
  onBreakerChange(listener: (state: RegistryBreakerState) => void): () => void;
}

const REGISTRY = 'population';

type CitizenReading = { kind: 'found'; record: CitizenRecord } | { kind: 'not-found' };

/**
 * Looks citizens up in the national population database (CSDLQG về dân cư) through the
 * data-sharing platform. Found and not-found are results; everything else throws RegistryError
 * whose code says whether to retry. Not retried here: the caller owns durable retries.
 */
export class PopulationAdapter implements CitizenLookupPort, OnModuleDestroy {
  private readonly client: RegistryClient;
  private readonly clock: () => Date;

  constructor(options: RegistryAdapterOptions) {
    this.client = new RegistryClient(REGISTRY, options);
    this.clock = options.clock ?? (() => new Date());
  }

  async lookupCitizen(
    personalId: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<CitizenRecord>> {
    assertLookupContext(REGISTRY, ctx);
    if (typeof personalId !== 'string' || !/^\d{12}$/.test(personalId)) {
      // Never quote the value: it may be a personal ID with a typo.
      throw rejectedInput(REGISTRY, 'personalId must be exactly 12 digits');
    }
    const body: PopulationLookupRequest = {
      MaYeuCau: ctx.requestId,
      MaCanBo: ctx.officialCode,
      MaDVC: ctx.serviceCode,
      MucDich: ctx.purpose,
      SoDinhDanh: personalId,
    };
    const reading = await this.client.call(
      {
        service: POPULATION_LOOKUP_SERVICE,
        method: 'POST',
        path: POPULATION_LOOKUP_PATH,
        body: { ...body },
      },
      (reply) => readCitizenAnswer(reply, personalId),
      ctx,
    );
    const meta = { requestId: ctx.requestId, registry: REGISTRY, fetchedAt: this.clock() } as const;
    return reading.kind === 'found'
      ? { kind: 'found', record: reading.record, ...meta }
      : { kind: 'not-found', ...meta };
  }

  breakerState(): RegistryBreakerState {
    return this.client.breakerState();
  }

  /** Called on every breaker transition; returns the unsubscribe function. */
  onBreakerChange(listener: (state: RegistryBreakerState) => void): () => void {
    return this.client.onBreakerChange(listener);
  }

  /** The calls since the process started, for the ops console (`BreakerStateReporter`). */
  callStats(): NationalCallStats {
    return this.client.callStats();
  }

  close(): void {
    this.client.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}

/** A 2xx answer (licensing codes and HTTP failures are already classified). Pure. */
export function readCitizenAnswer(
  reply: RegistryHttpReply,
  personalId: string,
): RegistryReading<CitizenReading> {
  const code = resultCodeOf(reply.body);
  if (code === undefined) return badResponse(REGISTRY, 'no MaLoi');
  if (code === REGISTRY_CODES.notFound)
    return { outcome: 'not-found', value: { kind: 'not-found' } };
  if (code !== REGISTRY_CODES.found) {
    return new RegistryError(
      RegistryErrorCode.Rejected,
      `population registry refused the lookup (${code})`,
      { registry: REGISTRY, registryCode: code },
    );
  }
  const record = toCitizenRecord((reply.body as { CongDan?: unknown }).CongDan);
  if ('unreadable' in record) return badResponse(REGISTRY, record.unreadable);
  if (record.personalId !== personalId) {
    return badResponse(REGISTRY, 'CongDan.SoDinhDanh is not the ID looked up');
  }
  return { outcome: 'found', value: { kind: 'found', record } };
}
