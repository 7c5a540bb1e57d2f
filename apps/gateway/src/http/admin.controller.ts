import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { AdminKeyGuard, type AuthenticatedRequest } from '@hub/auth';
import { departmentCode, unstorableString } from '@hub/contracts';
import type { FieldError } from '@hub/observability';
import { ConfiguredDepartments } from '../department-keys/configured-departments';
import { DepartmentKeyRepository } from '../department-keys/department-key.repository';
import type { Request, Response } from 'express';
import { KEY_ID_PATTERN } from '../admin/admin-input';
import { type DepartmentKeyView, DepartmentKeyViews } from '../admin/department-key.view';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { GatewayErrorCode, gatewayProblem } from '../gateway.errors';
import { CreateDepartmentKeyCommand } from '../usecases/create-department-key/create-department-key.command';
import { CreateDepartmentKeyHandler } from '../usecases/create-department-key/create-department-key.handler';
import {
  type AdminAuditView,
  ListAdminAuditHandler,
} from '../usecases/list-admin-audit/list-admin-audit.handler';
import { ListDepartmentKeysHandler } from '../usecases/list-department-keys/list-department-keys.handler';
import { RevokeDepartmentKeyCommand } from '../usecases/revoke-department-key/revoke-department-key.command';
import { RevokeDepartmentKeyHandler } from '../usecases/revoke-department-key/revoke-department-key.handler';
import { RotateDepartmentKeyCommand } from '../usecases/rotate-department-key/rotate-department-key.command';
import {
  RotateDepartmentKeyHandler,
  type RotateOutcome,
} from '../usecases/rotate-department-key/rotate-department-key.handler';
import { UpdateDepartmentKeyCommand } from '../usecases/update-department-key/update-department-key.command';
import { UpdateDepartmentKeyHandler } from '../usecases/update-department-key/update-department-key.handler';
import { readJsonBody } from './request-body';
import { PROCEDURE_CODE, parseReuseOverride } from '../admin/procedure-reuse-input';
import { type ReuseOverride, ReuseOverrideRepository } from '../catalog/reuse-override.repository';

const invalid = (errors: FieldError[]) =>
  gatewayProblem(
    GatewayErrorCode.InvalidRequest,
    'The request is invalid; nothing was changed.',
    errors,
  );

const keyNotFound = (keyId: string) =>
  gatewayProblem(GatewayErrorCode.KeyNotFound, `No department key ${keyId}.`, [
    { path: 'keyId', message: 'is not a known key id' },
  ]);

/** Admin bodies are JSON objects; `optional` bodies may be left out entirely. */
async function adminBody(req: Request, res: Response, optional = false): Promise<unknown> {
  const media = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (optional && !hasBody) return undefined;
  if (media !== 'application/json') {
    throw gatewayProblem(
      GatewayErrorCode.UnsupportedMediaType,
      'Admin requests carry application/json.',
      [
        {
          path: 'headers.content-type',
          message: media ? `"${media}" is not supported` : 'is required',
        },
      ],
    );
  }
  return readJsonBody(req, res, { allowEmpty: optional });
}

function intParam(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max) {
    throw invalid([{ path: `query.${name}`, message: `must be a whole number from 0 to ${max}` }]);
  }
  return n;
}

function textParam(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    throw invalid([{ path: `query.${name}`, message: 'must be given once' }]);
  }
  if (raw.length === 0 || raw.length > 200) {
    throw invalid([{ path: `query.${name}`, message: 'must be 1 to 200 characters' }]);
  }
  const reason = unstorableString(raw);
  if (reason) throw invalid([{ path: `query.${name}`, message: reason }]);
  return raw;
}

/**
 * Key management for admins (`HUB_ADMIN_KEYS`). Every change is audited with the admin's name;
 * a key appears in full only in the answer that created it.
 */
@Controller('v1/admin')
@UseGuards(AdminKeyGuard)
export class AdminController {
  constructor(
    @Inject(CreateDepartmentKeyHandler) private readonly createKey: CreateDepartmentKeyHandler,
    @Inject(RotateDepartmentKeyHandler) private readonly rotateKey: RotateDepartmentKeyHandler,
    @Inject(RevokeDepartmentKeyHandler) private readonly revokeKey: RevokeDepartmentKeyHandler,
    @Inject(UpdateDepartmentKeyHandler) private readonly updateKey: UpdateDepartmentKeyHandler,
    @Inject(ListDepartmentKeysHandler) private readonly listKeys: ListDepartmentKeysHandler,
    @Inject(ListAdminAuditHandler) private readonly listAudit: ListAdminAuditHandler,
    @Inject(DepartmentKeyRepository) private readonly keys: DepartmentKeyRepository,
    @Inject(DepartmentKeyViews) private readonly views: DepartmentKeyViews,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(ReuseOverrideRepository) private readonly reuse: ReuseOverrideRepository,
  ) {}

  /** Overrides of the catalog's reuse links (which results stand in for a procedure's documents). */
  @Get('procedure-reuse')
  async listReuse(): Promise<{ items: ReuseOverride[] }> {
    return { items: await this.reuse.list() };
  }

  @Put('procedure-reuse/:procedureCode')
  async setReuse(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('procedureCode') procedureCode: string,
  ): Promise<ReuseOverride> {
    if (!PROCEDURE_CODE.test(procedureCode)) {
      throw invalid([{ path: 'procedureCode', message: 'must be a procedure code like 1.001193' }]);
    }
    const parsed = parseReuseOverride(await adminBody(req, res));
    if (!parsed.ok) throw invalid(parsed.errors);
    return this.reuse.set(req.principal, procedureCode, parsed.value);
  }

  @Delete('procedure-reuse/:procedureCode')
  async removeReuse(
    @Req() req: AuthenticatedRequest,
    @Param('procedureCode') procedureCode: string,
  ): Promise<ReuseOverride> {
    const removed = PROCEDURE_CODE.test(procedureCode)
      ? await this.reuse.remove(req.principal, procedureCode)
      : undefined;
    if (!removed) {
      throw gatewayProblem(
        GatewayErrorCode.OverrideNotFound,
        `No reuse override for procedure ${procedureCode.slice(0, 20)}.`,
        [{ path: 'procedureCode', message: 'has no override' }],
      );
    }
    return removed;
  }

  @Post('keys')
  @HttpCode(201)
  async create(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DepartmentKeyView & { key: string }> {
    const built = CreateDepartmentKeyCommand.create(
      req.principal,
      await adminBody(req, res),
      Date.now(),
      ConfiguredDepartments.fromConfig(this.config),
    );
    if (!built.ok) throw invalid(built.errors);
    return this.createKey.execute(built.command);
  }

  @Get('keys')
  async list(
    @Query('department') department?: string,
    @Query('state') state?: string,
  ): Promise<{ items: DepartmentKeyView[] }> {
    if (department !== undefined && !departmentCode.safeParse(department).success) {
      throw invalid([{ path: 'query.department', message: 'must be a department code' }]);
    }
    if (state !== undefined && state !== 'active' && state !== 'all') {
      throw invalid([{ path: 'query.state', message: 'must be "active" or "all"' }]);
    }
    return { items: await this.listKeys.execute({ department, activeOnly: state === 'active' }) };
  }

  @Get('keys/:keyId')
  async get(@Param('keyId') keyId: string): Promise<DepartmentKeyView> {
    const key = KEY_ID_PATTERN.test(keyId) ? await this.keys.findByKeyId(keyId) : undefined;
    if (!key) throw keyNotFound(keyId);
    return this.views.of(key);
  }

  @Patch('keys/:keyId')
  async update(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('keyId') keyId: string,
  ): Promise<DepartmentKeyView> {
    if (!KEY_ID_PATTERN.test(keyId)) throw keyNotFound(keyId);
    const built = UpdateDepartmentKeyCommand.create(
      req.principal,
      keyId,
      await adminBody(req, res),
    );
    if (!built.ok) throw invalid(built.errors);
    const view = await this.updateKey.execute(built.command);
    if (!view) throw keyNotFound(keyId);
    return view;
  }

  @Post('keys/:keyId/rotate')
  @HttpCode(201)
  async rotate(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('keyId') keyId: string,
  ): Promise<
    Extract<RotateOutcome, { kind: 'rotated' }>['current'] & { previous: DepartmentKeyView }
  > {
    if (!KEY_ID_PATTERN.test(keyId)) throw keyNotFound(keyId);
    const built = RotateDepartmentKeyCommand.create(
      req.principal,
      keyId,
      await adminBody(req, res, true),
      this.config.KEY_ROTATION_OVERLAP_SECONDS,
    );
    if (!built.ok) throw invalid(built.errors);
    const outcome = await this.rotateKey.execute(built.command);
    switch (outcome.kind) {
      case 'not-found':
        throw keyNotFound(keyId);
      case 'inactive':
        throw gatewayProblem(
          GatewayErrorCode.KeyInactive,
          `Key ${keyId} is ${outcome.key.state}; create a new key instead.`,
          [{ path: 'keyId', message: `is ${outcome.key.state}` }],
        );
      case 'already-rotated':
        throw gatewayProblem(
          GatewayErrorCode.KeyAlreadyRotated,
          `Key ${keyId} was rotated to ${outcome.key.rotatedTo}; rotate that key instead.`,
          [{ path: 'keyId', message: `was already rotated to ${outcome.key.rotatedTo}` }],
        );
      case 'rotated':
        return { ...outcome.current, previous: outcome.previous };
    }
  }

  @Post('keys/:keyId/revoke')
  @HttpCode(200)
  async revoke(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('keyId') keyId: string,
  ): Promise<DepartmentKeyView> {
    if (!KEY_ID_PATTERN.test(keyId)) throw keyNotFound(keyId);
    const built = RevokeDepartmentKeyCommand.create(
      req.principal,
      keyId,
      await adminBody(req, res, true),
    );
    if (!built.ok) throw invalid(built.errors);
    const view = await this.revokeKey.execute(built.command);
    if (!view) throw keyNotFound(keyId);
    return view;
  }

  @Get('audit')
  async audit(
    @Query('actor') actor?: string,
    @Query('action') action?: string,
    @Query('target') target?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: AdminAuditView[]; limit: number; offset: number }> {
    const l = intParam('limit', limit, 100, 1000);
    const o = intParam('offset', offset, 0, 1_000_000);
    const items = await this.listAudit.execute({
      actor: textParam('actor', actor),
      action: textParam('action', action),
      target: textParam('target', target),
      limit: l,
      offset: o,
    });
    return { items, limit: l, offset: o };
  }
}
