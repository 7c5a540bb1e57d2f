import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { MockKitProblemCode, invalidRequest, issuesOf } from '@hub/mock-kit';
import { ProblemException } from '@hub/observability';
import { dossierAlterSchema } from '../dossiers/dossier.schema';
import { type FaultConfig, parseFaultRequest } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import {
  type DossierSnapshot,
  type DossierSummary,
  PortalStateService,
  type PortalStats,
} from '../state/portal-state.service';
import { MockControlService } from './mock-control.service';

/** Control and inspection for tests and demos; deliberately outside the /dvcqg protocol. */
@Controller('__mock')
export class MockControlController {
  constructor(
    @Inject(MockControlService) private readonly control: MockControlService,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(PortalStateService) private readonly state: PortalStateService,
  ) {}

  @Post('faults')
  @HttpCode(200)
  setFaults(@Body() body: unknown): FaultConfig {
    const parsed = parseFaultRequest(body);
    if (!parsed.ok) {
      throw invalidRequest(
        MockKitProblemCode.InvalidFaultConfig,
        'Invalid fault configuration',
        parsed.errors,
      );
    }
    return this.control.configureFaults(parsed.request);
  }

  @Get('faults')
  getFaults(): FaultConfig {
    return this.faults.current();
  }

  @Get('dossiers')
  listDossiers(): DossierSummary[] {
    return this.state.list();
  }

  @Get('dossiers/:maHoSo')
  getDossier(@Param('maHoSo') caseCode: string): DossierSnapshot {
    const snapshot = this.state.snapshot(caseCode);
    if (!snapshot) throw notFound(caseCode);
    return snapshot;
  }

  /** Fault: the portal forgets the dossier (reconciliation must notice and re-send it). */
  @Post('dossiers/:maHoSo/lose')
  @HttpCode(204)
  lose(@Param('maHoSo') caseCode: string): void {
    if (!this.state.lose(caseCode)) throw notFound(caseCode);
  }

  /** Fault: the portal's copy changes behind the hub's back, e.g. `{"set":{"TrangThaiHoSo":"9"}}`. */
  @Post('dossiers/:maHoSo/alter')
  @HttpCode(200)
  alter(@Param('maHoSo') caseCode: string, @Body() body: unknown): DossierSnapshot {
    const parsed = dossierAlterSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw invalidRequest(
        'INVALID_ALTERATION',
        'Invalid dossier alteration',
        issuesOf(parsed.error.issues),
      );
    }
    const snapshot = this.state.alter(caseCode, parsed.data, new Date());
    if (!snapshot) throw notFound(caseCode);
    return snapshot;
  }

  @Get('stats')
  stats(): PortalStats {
    return this.state.stats();
  }

  @Delete('state')
  @HttpCode(204)
  reset(): void {
    this.control.reset();
  }
}

function notFound(caseCode: string): ProblemException {
  return new ProblemException(
    404,
    'DOSSIER_NOT_FOUND',
    'Dossier not found',
    `The mock portal holds no dossier ${caseCode}`,
  );
}
