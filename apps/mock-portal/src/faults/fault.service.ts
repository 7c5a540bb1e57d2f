import { Inject, Injectable } from '@nestjs/common';
import { RANDOM, type RandomSource } from '../runtime';
import type { PortalReply } from '../dvcqg/wire';
import { DEFAULT_FAULTS, type FaultConfig, type FaultStatus } from './fault-config';

/** What to do with one /dvcqg/api call before the portal logic sees it. */
export type FaultDecision =
  { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'fail'; reply: PortalReply };

const FAILURE_MESSAGES: Record<FaultStatus, string> = {
  500: 'Lỗi hệ thống, vui lòng thử lại sau',
  502: 'Lỗi kết nối tới hệ thống xử lý, vui lòng thử lại sau',
  503: 'Hệ thống đang bảo trì',
  429: 'Vượt quá số lượng yêu cầu cho phép, vui lòng thử lại sau',
};

function failure(status: FaultStatus, message = FAILURE_MESSAGES[status]): PortalReply {
  return {
    httpStatus: status,
    // The portal's gateway asks throttled clients to wait a second; adapters should honour it.
    headers: status === 429 ? { 'Retry-After': '1' } : {},
    body: { error_code: String(status), message },
  };
}

/** Holds the injected fault config and decides, call by call, what the portal does. */
@Injectable()
export class FaultService {
  private config: FaultConfig = structuredClone(DEFAULT_FAULTS);
  /** Kept beside the config: every write call is checked against it, and it may hold 10,000. */
  private rejected: ReadonlySet<string> = new Set(DEFAULT_FAULTS.rejectCaseCodes);

  constructor(@Inject(RANDOM) private readonly random: RandomSource) {}

  current(): FaultConfig {
    return structuredClone(this.config);
  }

  replace(config: FaultConfig): void {
    this.config = structuredClone(config);
    this.rejected = new Set(config.rejectCaseCodes);
  }

  reset(): void {
    this.replace(DEFAULT_FAULTS);
  }

  rejectedCaseCodes(): ReadonlySet<string> {
    return this.rejected;
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
          ? {
              kind: 'fail',
              reply: failure(503, 'Hệ thống tạm thời không phản hồi, vui lòng thử lại sau'),
            }
          : { kind: 'pass' };
    }
  }
}
