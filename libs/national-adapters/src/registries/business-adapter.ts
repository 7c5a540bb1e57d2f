import type { NationalCallStats } from '../transport/breaker-client';
import type { OnModuleDestroy } from '@nestjs/common';
import { toEnterpriseRecord } from './business/business-mapping';
import {
  BUSINESS_LOOKUP_PATH,
  BUSINESS_LOOKUP_SERVICE,
  type BusinessLookupQuery,
} from './business/business-wire';
import { type RegistryReading, RegistryClient } from './registry-client';
import { assertLookupContext, rejectedInput } from './registry-input';
import type { RegistryAdapterOptions } from './registry-options';
import { type RegistryHttpReply, badResponse } from './registry-protocol';
import type {
  EnterpriseRecord,
  RegistryBreakerState,
  RegistryLookupContext,
  RegistryLookupResult,
} from './registry-types';

/** What the hub depends on; `BusinessAdapter` is the real one, tests may fake it. */
export interface EnterpriseLookupPort {
  /** Resolves found / not-found; throws `RegistryError` for every other outcome. */
  lookupEnterprise(
    enterpriseCode: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<EnterpriseRecord>>;
  breakerState(): RegistryBreakerState;
  onBreakerChange(listener: (state: RegistryBreakerState) => void): () => void;
}

const REGISTRY = 'business';

type EnterpriseReading = { kind: 'found'; record: EnterpriseRecord } | { kind: 'not-found' };

/**
 * Looks enterprises up in the national business registration system. Found and not-found are
 * results (a dissolved enterprise is found, with `active: false`); everything else throws
 * RegistryError whose code says whether to retry.
 */
export class BusinessAdapter implements EnterpriseLookupPort, OnModuleDestroy {
  private readonly client: RegistryClient;
  private readonly clock: () => Date;

  constructor(options: RegistryAdapterOptions) {
    this.client = new RegistryClient(REGISTRY, options);
    this.clock = options.clock ?? (() => new Date());
  }

  async lookupEnterprise(
    enterpriseCode: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<EnterpriseRecord>> {
    assertLookupContext(REGISTRY, ctx);
    if (typeof enterpriseCode !== 'string' || !/^\d{10}(-\d{3})?$/.test(enterpriseCode)) {
      throw rejectedInput(
        REGISTRY,
        'enterpriseCode must be 10 digits, or 13 for a dependent unit (0101234567-001)',
      );
    }
    const query: BusinessLookupQuery = {
      msdn: enterpriseCode,
      maYeuCau: ctx.requestId,
      maCanBo: ctx.officialCode,
      maDVC: ctx.serviceCode,
      mucDich: ctx.purpose,
    };
    const reading = await this.client.call(
      { service: BUSINESS_LOOKUP_SERVICE, method: 'GET', path: BUSINESS_LOOKUP_PATH, query },
      (reply) => readEnterpriseAnswer(reply, enterpriseCode),
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
export function readEnterpriseAnswer(
  reply: RegistryHttpReply,
  enterpriseCode: string,
): RegistryReading<EnterpriseReading> {
  const body = reply.body;
  const list: unknown =
    typeof body === 'object' && body !== null
      ? (body as { GetEntCert?: unknown }).GetEntCert
      : undefined;
  if (!Array.isArray(list)) return badResponse(REGISTRY, 'no GetEntCert list');
  const item: unknown = list.find(
    (candidate: unknown) =>
      typeof candidate === 'object' &&
      candidate !== null &&
      (candidate as { MaSoDoanhNghiep?: unknown }).MaSoDoanhNghiep === enterpriseCode,
  );
  if (item === undefined) {
    return list.length === 0
      ? { outcome: 'not-found', value: { kind: 'not-found' } }
      : badResponse(REGISTRY, 'GetEntCert does not hold the code looked up');
  }
  const record = toEnterpriseRecord(item);
  if ('unreadable' in record) return badResponse(REGISTRY, record.unreadable);
  return { outcome: 'found', value: { kind: 'found', record } };
}
