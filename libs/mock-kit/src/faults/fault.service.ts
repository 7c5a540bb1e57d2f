import { Inject, Injectable } from '@nestjs/common';
import { MOCK_REGISTRY_OPTIONS, type MockRegistryOptions } from '../mock-registry.options';
import { RANDOM, type RandomSource, SLEEP, type Sleep } from '../runtime';
import { DEFAULT_FAULTS, type FaultConfig, type FaultStatus } from './fault-config';

/** An injected failure in the registries' error envelope. */
export interface FaultFailure {
  httpStatus: number;
  headers: Record<string, string>;
  body: { MaLoi: string; MoTaLoi: string };
}

/** What to do with one lookup before the registry logic sees it. */
export type FaultDecision =
  { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'fail'; reply: FaultFailure };

type FaultSettings = Pick<MockRegistryOptions<unknown, unknown>, 'badGatewayMessage' | 'licensing'>;

/** Holds the injected fault config and decides, call by call, what the registry does. */
@Injectable()
export class FaultService {
  private config: FaultConfig = structuredClone(DEFAULT_FAULTS);
  private readonly messages: Record<FaultStatus, string>;

  constructor(
    @Inject(RANDOM) private readonly random: RandomSource,
    @Inject(SLEEP) private readonly sleep: Sleep,
    @Inject(MOCK_REGISTRY_OPTIONS) private readonly settings: FaultSettings,
  ) {
    this.messages = {
      500: 'Lỗi hệ thống, vui lòng thử lại sau',
      502: settings.badGatewayMessage,
      503: 'Hệ thống đang bảo trì',
      429: 'Vượt quá số lượng yêu cầu cho phép, vui lòng thử lại sau',
    };
  }

  current(): FaultConfig {
    return structuredClone(this.config);
  }

  replace(config: FaultConfig): void {
    this.config = structuredClone(config);
  }

  reset(): void {
    this.replace(DEFAULT_FAULTS);
  }

  isLicensed(serviceCode: string): boolean {
    return (
      !this.settings.licensing.unlicensedServiceCodes.includes(serviceCode) &&
      !this.config.unlicensedServiceCodes.includes(serviceCode)
    );
  }

  isAuthorised(officialCode: string): boolean {
    return (
      !this.settings.licensing.unauthorisedOfficialCodes.includes(officialCode) &&
      !this.config.unauthorisedOfficialCodes.includes(officialCode)
    );
  }

  decide(): FaultDecision {
    switch (this.config.mode) {
      case 'up':
        return { kind: 'pass' };
      case 'down':
        return { kind: 'fail', reply: this.failure(503) };
      case 'error':
        return { kind: 'fail', reply: this.failure(this.config.status) };
      case 'slow':
        return { kind: 'delay', ms: this.config.latencyMs };
      case 'flaky':
        return this.random() < this.config.errorRate
          ? { kind: 'fail', reply: this.failure(503, 'Hệ thống tạm thời không phản hồi') }
          : { kind: 'pass' };
    }
  }

  /**
   * Applies the fault to one lookup: waits out a delay, and hands back the failure to answer
   * instead of the lookup, or undefined to go on.
   */
  async admit(): Promise<FaultFailure | undefined> {
    const decision = this.decide();
    if (decision.kind === 'fail') return decision.reply;
    if (decision.kind === 'delay') await this.sleep(decision.ms);
    return undefined;
  }

  private failure(status: FaultStatus, message = this.messages[status]): FaultFailure {
    return {
      httpStatus: status,
      // The platform's gateway asks throttled clients to wait a second; adapters should honour it.
      headers: status === 429 ? { 'Retry-After': '1' } : {},
      body: { MaLoi: String(status), MoTaLoi: message },
    };
  }
}
