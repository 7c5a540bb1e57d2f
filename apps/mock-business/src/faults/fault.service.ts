import { Inject, Injectable } from '@nestjs/common';
import { MOCK_BUSINESS_CONFIG, type MockBusinessConfig } from '../mock-business.config';
import { RANDOM, type RandomSource } from '../runtime';
import { DEFAULT_FAULTS, type FaultConfig, type FaultStatus } from './fault-config';

export interface FaultFailure {
  httpStatus: number;
  headers: Record<string, string>;
  body: { MaLoi: string; MoTaLoi: string };
}

/** What to do with one lookup before the registry logic sees it. */
export type FaultDecision =
  { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'fail'; reply: FaultFailure };

const FAILURE_MESSAGES: Record<FaultStatus, string> = {
  500: 'Lỗi hệ thống, vui lòng thử lại sau',
  502: 'Lỗi kết nối tới Hệ thống thông tin quốc gia về đăng ký doanh nghiệp, vui lòng thử lại sau',
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

/** Holds the injected fault config and decides, call by call, what the registry does. */
@Injectable()
export class FaultService {
  private config: FaultConfig = structuredClone(DEFAULT_FAULTS);

  constructor(
    @Inject(RANDOM) private readonly random: RandomSource,
    @Inject(MOCK_BUSINESS_CONFIG) private readonly settings: MockBusinessConfig,
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
      !this.settings.MOCK_BUSINESS_UNLICENSED_SERVICES.includes(serviceCode) &&
      !this.config.unlicensedServiceCodes.includes(serviceCode)
    );
  }

  isAuthorised(officialCode: string): boolean {
    return (
      !this.settings.MOCK_BUSINESS_UNAUTHORISED_OFFICIALS.includes(officialCode) &&
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
