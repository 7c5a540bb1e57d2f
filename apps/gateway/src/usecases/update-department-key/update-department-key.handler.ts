import { Inject, Injectable } from '@nestjs/common';
import { DepartmentKeyVerifier } from '@hub/auth';
import { HubLogger } from '@hub/observability';
import { DepartmentKeyRepository } from '../../department-keys/department-key.repository';
import { type DepartmentKeyView, DepartmentKeyViews } from '../../admin/department-key.view';
import type { UpdateDepartmentKeyCommand } from './update-department-key.command';

@Injectable()
export class UpdateDepartmentKeyHandler {
  constructor(
    @Inject(DepartmentKeyRepository) private readonly keys: DepartmentKeyRepository,
    @Inject(DepartmentKeyViews) private readonly views: DepartmentKeyViews,
    @Inject(DepartmentKeyVerifier) private readonly verifier: DepartmentKeyVerifier,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(command: UpdateDepartmentKeyCommand): Promise<DepartmentKeyView | undefined> {
    const key = await this.keys.update(command.keyId, command.changes, command.actor);
    if (!key) return undefined;
    this.verifier.invalidate(command.keyId);
    this.logger.event('info', 'department key updated', {
      keyId: command.keyId,
      department: key.department,
      changed: Object.keys(command.changes).join(','),
      actor: command.actor,
    });
    return this.views.of(key);
  }
}
