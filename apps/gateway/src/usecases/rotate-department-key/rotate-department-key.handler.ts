import { Inject, Injectable } from '@nestjs/common';
import {
  DepartmentKeyVerifier,
  departmentKeyState,
  generateDepartmentKey,
  rotatedKeyExpiry,
} from '@hub/auth';
import { HubLogger } from '@hub/observability';
import { DepartmentKeyRepository } from '../../department-keys/department-key.repository';
import { type DepartmentKeyView, DepartmentKeyViews } from '../../admin/department-key.view';
import type { RotateDepartmentKeyCommand } from './rotate-department-key.command';

export type RotateOutcome =
  | { kind: 'rotated'; current: DepartmentKeyView & { key: string }; previous: DepartmentKeyView }
  | { kind: 'not-found' }
  | { kind: 'inactive'; key: DepartmentKeyView }
  | { kind: 'already-rotated'; key: DepartmentKeyView };

@Injectable()
export class RotateDepartmentKeyHandler {
  constructor(
    @Inject(DepartmentKeyRepository) private readonly keys: DepartmentKeyRepository,
    @Inject(DepartmentKeyViews) private readonly views: DepartmentKeyViews,
    @Inject(DepartmentKeyVerifier) private readonly verifier: DepartmentKeyVerifier,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(command: RotateDepartmentKeyCommand): Promise<RotateOutcome> {
    const now = Date.now();
    const successor = generateDepartmentKey();
    const result = await this.keys.rotate({
      keyId: command.keyId,
      successor,
      expiryOf: (current) => rotatedKeyExpiry(current, now, command.overlapSeconds),
      isActive: (key) => departmentKeyState(key, now) === 'active',
      actor: command.actor,
      overlapSeconds: command.overlapSeconds,
    });
    switch (result.kind) {
      case 'not-found':
        return result;
      case 'inactive':
      case 'already-rotated':
        return { kind: result.kind, key: this.views.of(result.key, now) };
      case 'rotated':
        // This replica sees the old key's new expiry at once; the others within the cache TTL.
        this.verifier.invalidate(command.keyId);
        this.logger.event('info', 'department key rotated', {
          keyId: command.keyId,
          successorKeyId: result.current.keyId,
          department: result.current.department,
          overlapSeconds: command.overlapSeconds,
          actor: command.actor,
        });
        return {
          kind: 'rotated',
          current: { ...this.views.of(result.current, now), key: successor.key },
          previous: this.views.of(result.previous, now),
        };
    }
  }
}
