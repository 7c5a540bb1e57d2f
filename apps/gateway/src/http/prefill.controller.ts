import { Controller, Get, Inject, Query, Req, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, type AuthenticatedRequest } from '@hub/auth';
import {
  enterpriseCode as enterpriseCodeSchema,
  personalId as personalIdSchema,
} from '@hub/contracts';
import { HubLogger } from '@hub/observability';
import { AccessLogRepository, type AccessLogEntry, SubjectProtector } from '@hub/registry-profiles';
import { PrefillCommand, type PrefillQuery } from '../usecases/prefill/prefill.command';
import { PrefillErrorCode, prefillProblem } from '../usecases/prefill/prefill.errors';
import { PrefillHandler, type PrefillView } from '../usecases/prefill/prefill.handler';
import { purposeRefusalMessage } from '../usecases/prefill/prefill-purpose';
import { AuditorKeyGuard } from './auditor-key.guard';

@Controller('v1')
export class PrefillController {
  constructor(
    @Inject(PrefillHandler) private readonly prefill: PrefillHandler,
    @Inject(AccessLogRepository) private readonly accessLog: AccessLogRepository,
    @Inject(SubjectProtector) private readonly protector: SubjectProtector,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  /** Verified fields and reusable results; every answer with data leaves an access record. */
  @Get('prefill')
  @UseGuards(ApiKeyGuard)
  async getPrefill(
    @Req() req: AuthenticatedRequest,
    @Query() query: PrefillQuery,
  ): Promise<PrefillView> {
    const built = PrefillCommand.create(req.principal, query);
    if (!built.ok) {
      throw prefillProblem(
        PrefillErrorCode.InvalidQuery,
        'The prefill request is invalid.',
        built.errors,
      );
    }
    const outcome = await this.prefill.execute(built.command, req.principal);
    switch (outcome.kind) {
      case 'ok':
        this.logger.event('info', 'prefill served', {
          department: req.principal,
          purpose: built.command.purpose,
          fields: outcome.view.fields.length,
          stale: outcome.view.stale,
        });
        return outcome.view;
      case 'forbidden':
        throw prefillProblem(
          PrefillErrorCode.PurposeNotAllowed,
          'Personal data is read only for a case of your department whose applicant is the subject; this refusal is recorded in the access log.',
          [
            {
              path: 'query.purpose',
              message: purposeRefusalMessage(outcome.refusal, built.command.department),
            },
          ],
        );
      case 'not-found':
        throw prefillProblem(
          PrefillErrorCode.SubjectNotFound,
          'The national registry has no record of this subject.',
          [
            {
              path:
                built.command.subject.kind === 'citizen'
                  ? 'query.personalId'
                  : 'query.enterpriseCode',
              message: 'is not known to the registry',
            },
          ],
        );
      case 'unavailable':
        throw prefillProblem(
          PrefillErrorCode.RegistryUnavailable,
          'The registry cannot be reached and the hub holds no data for this subject yet; try again later.',
          undefined,
          { 'Retry-After': String(outcome.retryAfterSeconds) },
        );
      case 'refused':
        throw prefillProblem(
          PrefillErrorCode.RegistryRefused,
          `The registry refused the lookup (${outcome.code}).`,
        );
    }
  }

  /** Who read a subject's personal data, when, for what and which fields (auditors only). */
  @Get('access-log')
  @UseGuards(AuditorKeyGuard)
  async getAccessLog(
    @Query('personalId') personalId?: string,
    @Query('enterpriseCode') enterpriseCode?: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: AccessLogEntry[] }> {
    const errors = [];
    if ((personalId === undefined) === (enterpriseCode === undefined))
      errors.push({
        path: 'query.personalId',
        message: 'is required (exactly one of personalId, enterpriseCode)',
      });
    if (personalId !== undefined && !personalIdSchema.safeParse(personalId).success)
      errors.push({ path: 'query.personalId', message: 'must be exactly 12 digits' });
    if (enterpriseCode !== undefined && !enterpriseCodeSchema.safeParse(enterpriseCode).success)
      errors.push({
        path: 'query.enterpriseCode',
        message: 'must be 10 digits, optionally followed by -NNN for a branch',
      });
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      errors.push({ path: 'query.limit', message: 'must be a whole number from 1 to 1000' });
    if (errors.length > 0)
      throw prefillProblem(
        PrefillErrorCode.InvalidQuery,
        'The access-log request is invalid.',
        errors,
      );
    const hash =
      personalId !== undefined
        ? this.protector.subjectHash('citizen', personalId)
        : this.protector.subjectHash('enterprise', enterpriseCode ?? '');
    return { items: await this.accessLog.list(hash, n) };
  }
}
