import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiKeyGuard, type AuthenticatedRequest } from '@hub/auth';
import { CASE_CODE_PATTERN } from '@hub/contracts';
import { type FieldError, ProblemException } from '@hub/observability';
import type { Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { GatewayErrorCode, gatewayProblem } from '../gateway.errors';
import { AcceptEventsCommand } from '../usecases/accept-events/accept-events.command';
import { AcceptEventsHandler } from '../usecases/accept-events/accept-events.handler';
import { type CaseView, GetCaseHandler } from '../usecases/get-case/get-case.handler';
import { inBinaryMode, isBinaryMode, structuredFromBinary } from './cloudevents-http-binary';
import { bodyKind, readJsonBody } from './request-body';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class EventsController {
  constructor(
    @Inject(AcceptEventsHandler) private readonly accept: AcceptEventsHandler,
    @Inject(GetCaseHandler) private readonly getCase: GetCaseHandler,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** 202 only after the events (and their outbox records) are committed in Postgres. */
  @Post('events')
  @HttpCode(202)
  async postEvents(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{
    accepted: number;
    duplicates: number;
    results: { id: string; status: string }[];
    warnings?: FieldError[];
  }> {
    const kind = bodyKind(req.headers['content-type']);
    // Binary mode (ce-* headers, data as the body) is one event, told apart from structured mode
    // by its media type: application/cloudevents+json is always structured.
    const binary = kind === 'either' && isBinaryMode(req.headers);
    const fields = binary ? inBinaryMode : (errors: FieldError[]) => errors;
    const body = await readJsonBody(req, res);
    const built = AcceptEventsCommand.create({
      department: req.principal,
      body: binary ? structuredFromBinary(req.headers, body) : body,
      kind: binary ? 'single' : kind,
      maxBatch: this.config.MAX_BATCH_EVENTS,
    });
    if (!built.ok) {
      throw gatewayProblem(built.error.code, built.error.detail, fields(built.error.errors));
    }
    const outcome = await this.accept.execute(built.command);
    if (outcome.kind === 'refused') {
      const retry = outcome.retryAfterSeconds;
      throw gatewayProblem(
        outcome.code,
        outcome.detail,
        fields(outcome.errors),
        retry ? { 'Retry-After': String(retry) } : undefined,
      );
    }
    const { accepted, duplicates, results, warnings } = outcome;
    return warnings
      ? { accepted, duplicates, results, warnings: fields(warnings) }
      : { accepted, duplicates, results };
  }

  @Get('cases/:caseCode')
  async getCaseView(
    @Req() req: AuthenticatedRequest,
    @Param('caseCode') caseCode: string,
  ): Promise<CaseView> {
    if (!CASE_CODE_PATTERN.test(caseCode)) {
      throw new ProblemException(
        400,
        GatewayErrorCode.InvalidEvent,
        'Invalid case code',
        'The case code is malformed.',
        [{ path: 'caseCode', message: 'must be a case code like 000.00.01.H26-260312-00042' }],
      );
    }
    const view = await this.getCase.execute(req.principal, caseCode);
    if (!view) {
      throw gatewayProblem(
        GatewayErrorCode.CaseNotFound,
        `No case ${caseCode} of department ${req.principal}.`,
        [{ path: 'caseCode', message: 'is not a case of your department' }],
      );
    }
    return view;
  }
}
