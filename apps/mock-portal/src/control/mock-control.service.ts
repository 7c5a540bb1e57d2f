import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import type { FaultConfig, FaultRequest } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import { SessionService } from '../sessions/session.service';
import { PortalStateService } from '../state/portal-state.service';

/** Test and demo controls: fault injection and reset, which span several services. */
@Injectable()
export class MockControlService {
  constructor(
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(PortalStateService) private readonly state: PortalStateService,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  /** Replaces the whole fault config: a scenario states everything it wants, nothing lingers. */
  configureFaults(request: FaultRequest): FaultConfig {
    const { expireSessions, ...config } = request;
    this.faults.replace(config);
    if (expireSessions) this.sessions.expireAll();
    this.logger.event('info', 'faults configured', {
      mode: config.mode,
      rejectCaseCodes: config.rejectCaseCodes.length,
      expiredSessions: expireSessions === true,
    });
    return this.faults.current();
  }

  reset(): void {
    this.state.reset();
    this.sessions.expireAll();
    this.faults.reset();
    this.logger.event('info', 'state reset');
  }
}
