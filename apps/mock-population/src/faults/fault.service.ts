import { Inject, Injectable } from '@nestjs/common';
import { MOCK_POPULATION_CONFIG, type MockPopulationConfig } from '../mock-population.config';
import { RANDOM, type RandomSource } from '../runtime';
import { DEFAULT_FAULTS, type FaultConfig, type FaultStatus } from './fault-config';

export interface FaultFailure {
  httpStatus: number;
  headers: Record<string, string>;
  body: { MaLoi: string; MoTaLoi: string };
}

/** What to do with one lookup before the database logic sees it. */
export type FaultDecision =
  { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'fail'; reply: FaultFailure };

const FAILURE_MESSAGES: Record<FaultStatus, string> = {
  500: 'Lỗi hệ thống, vui lòng thử lại sau',
  502: 'Lỗi kết nối tới CSDLQG về dân cư, vui lòng thử lại sau',
  503: 'Hệ thống đang bảo trì',
  429: 'Vượt quá số lượng yêu cầu cho phép, vui lòng thử lại sau',
};

function failure(status: FaultStatus, message = FAILURE_MESSAGES[status]): FaultFailure {
  return {
    httpStatus: status,
    // The platform's gateway asks throttled clients to wait a second; adapters should honour it.
    headers: status === 429 ? { 'Retry-After': '1' } : {},
    body: { MaLoi: String(status), MoTaLoi: message },
  };
}

/** Holds the injected fault config and decides, call by call, what the database does. */
@Injectable()
export class FaultService {
  private config: FaultConfig = structuredClone(DEFAULT_FAULTS);

  constructor(
    @Inject(RANDOM) private readonly random: RandomSource,
    @Inject(MOCK_POPULATION_CONFIG) private readonly settings: MockPopulationConfig,
  ) {}

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
      !this.settings.MOCK_POPULATION_UNLICENSED_SERVICES.includes(serviceCode) &&
      !this.config.unlicensedServiceCodes.includes(serviceCode)
    );
  }

  isAuthorised(officialCode: string): boolean {
    return (
      !this.settings.MOCK_POPULATION_UNAUTHORISED_OFFICIALS.includes(officialCode) &&
      !this.config.unauthorisedOfficialCodes.includes(officialCode)
    );
  }

  decide(): FaultDecision {
    switch (this.config.mode) {
      case 'up':
        return { kind: 'pass' };
      case 'down':
        return { kind: 'fail', reply: failure(503) };
      case 'error':
        return { kind: 'fail', reply: failure(this.config.status) };
      case 'slow':
        return { kind: 'delay', ms: this.config.latencyMs };
      case 'flaky':
        return this.random() < this.config.errorRate
          ? { kind: 'fail', reply: failure(503, 'Hệ thống tạm thời không phản hồi') }
          : { kind: 'pass' };
    }
  }
}
