import { Inject, Injectable } from '@nestjs/common';
import { DepartmentKeyVerifier } from '@hub/auth';
import { HubLogger } from '@hub/observability';
import { DepartmentKeyRepository } from '../../department-keys/department-key.repository';
import { type DepartmentKeyView, DepartmentKeyViews } from '../../admin/department-key.view';
import type { RevokeDepartmentKeyCommand } from './revoke-department-key.command';

@Injectable()
export class RevokeDepartmentKeyHandler {
  constructor(
    @Inject(DepartmentKeyRepository) private readonly keys: DepartmentKeyRepository,
    @Inject(DepartmentKeyViews) private readonly views: DepartmentKeyViews,
    @Inject(DepartmentKeyVerifier) private readonly verifier: DepartmentKeyVerifier,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(command: RevokeDepartmentKeyCommand): Promise<DepartmentKeyView | undefined> {
    const result = await this.keys.revoke(command.keyId, command.actor, command.reason);
    if (!result) return undefined;
    this.verifier.invalidate(command.keyId);
    this.logger.event('info', 'department key revoked', {
      keyId: command.keyId,
      department: result.key.department,
      alreadyRevoked: result.alreadyRevoked,
      actor: command.actor,
    });
    return this.views.of(result.key);
  }
}
