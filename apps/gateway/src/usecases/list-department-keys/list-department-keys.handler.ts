import { Inject, Injectable } from '@nestjs/common';
import { DepartmentKeyRepository } from '../../department-keys/department-key.repository';
import { type DepartmentKeyView, DepartmentKeyViews } from '../../admin/department-key.view';

@Injectable()
export class ListDepartmentKeysHandler {
  constructor(
    @Inject(DepartmentKeyRepository) private readonly keys: DepartmentKeyRepository,
    @Inject(DepartmentKeyViews) private readonly views: DepartmentKeyViews,
  ) {}

  /** Every key (of one department), active first within a department; never a secret. */
  async execute(filter: {
    department?: string;
    activeOnly: boolean;
  }): Promise<DepartmentKeyView[]> {
    const now = Date.now();
    const views = (await this.keys.list({ department: filter.department })).map((k) =>
      this.views.of(k, now),
    );
    return filter.activeOnly ? views.filter((v) => v.state === 'active') : views;
  }
}
