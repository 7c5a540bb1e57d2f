import { Inject, Injectable } from '@nestjs/common';
import { AdminAuditRepository } from '../../department-keys/department-key.repository';

export interface AdminAuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

@Injectable()
export class ListAdminAuditHandler {
  constructor(@Inject(AdminAuditRepository) private readonly audit: AdminAuditRepository) {}

  async execute(filter: {
    actor?: string;
    action?: string;
    target?: string;
    limit: number;
    offset: number;
  }): Promise<AdminAuditView[]> {
    const entries = await this.audit.list(filter);
    return entries.map((e) => ({ ...e, at: e.at.toISOString() }));
  }
}
