import { Inject, Injectable } from '@nestjs/common';
import { generateDepartmentKey } from '@hub/auth';
import { HubLogger } from '@hub/observability';
import { DepartmentKeyRepository } from '../../department-keys/department-key.repository';
import { type DepartmentKeyView, DepartmentKeyViews } from '../../admin/department-key.view';
import type { CreateDepartmentKeyCommand } from './create-department-key.command';

/** Issues a key; the answer is the only place the key itself ever appears. */
@Injectable()
export class CreateDepartmentKeyHandler {
  constructor(
    @Inject(DepartmentKeyRepository) private readonly keys: DepartmentKeyRepository,
    @Inject(DepartmentKeyViews) private readonly views: DepartmentKeyViews,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(command: CreateDepartmentKeyCommand): Promise<DepartmentKeyView & { key: string }> {
    const issued = generateDepartmentKey();
    const row = await this.keys.create(
      {
        keyId: issued.keyId,
        department: command.department,
        label: command.label,
        secretHash: issued.secretHash,
        rateLimit: command.rateLimit,
        expiresAt: command.expiresAt,
      },
      command.actor,
    );
    this.logger.event('info', 'department key created', {
      keyId: row.keyId,
      department: row.department,
      actor: command.actor,
    });
    return { ...this.views.of(row), key: issued.key };
  }
}
