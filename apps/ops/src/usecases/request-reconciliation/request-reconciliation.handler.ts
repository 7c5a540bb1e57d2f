import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { type Reconciliation, SyncStatusReader } from '@hub/read-models';
import type { RequestReconciliationCommand } from './request-reconciliation.command';

/**
 * Records the request through portal-sync's published command; portal-sync (which owns the portal adapter) picks it up within
 * RECONCILE_POLL_MS and runs it. Ops never calls the portal itself.
 */
@Injectable()
export class RequestReconciliationHandler {
  constructor(
    @Inject(SyncStatusReader) private readonly status: SyncStatusReader,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(command: RequestReconciliationCommand): Promise<Reconciliation> {
    const run = await this.status.requestReconciliation({ trigger: 'on-demand', ...command });
    this.logger.event('info', 'reconciliation requested', {
      reconciliationId: run.id,
      operator: command.requestedBy,
      windowFrom: command.windowFrom.toISOString(),
      windowTo: command.windowTo.toISOString(),
    });
    return run;
  }
}
