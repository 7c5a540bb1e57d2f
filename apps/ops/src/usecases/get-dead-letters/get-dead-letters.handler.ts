import { Inject, Injectable } from '@nestjs/common';
import {
  type DeadLetter,
  type DeadLetterFilter,
  ProcedureCatalogReader,
  SyncStatusReader,
} from '@hub/read-models';
import { withProcedureNames, type WithProcedureName } from '../../procedure-names';

export type NamedDeadLetter = WithProcedureName<DeadLetter>;

/** A page of dead letters, each with its procedure's name from the catalog (one lookup per page). */
@Injectable()
export class GetDeadLettersHandler {
  constructor(
    @Inject(SyncStatusReader) private readonly status: Pick<SyncStatusReader, 'deadLetters'>,
    @Inject(ProcedureCatalogReader) private readonly catalog: Pick<ProcedureCatalogReader, 'names'>,
  ) {}

  async execute(filter: DeadLetterFilter): Promise<NamedDeadLetter[]> {
    return withProcedureNames(this.catalog, await this.status.deadLetters(filter));
  }
}
