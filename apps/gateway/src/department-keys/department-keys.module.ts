import { Module } from '@nestjs/common';
import { AdminAuditRepository, DepartmentKeyRepository } from './department-key.repository';

/** The gateway's own tables: department keys and the admin audit trail. */
@Module({
  providers: [DepartmentKeyRepository, AdminAuditRepository],
  exports: [DepartmentKeyRepository, AdminAuditRepository],
})
export class DepartmentKeysModule {}
