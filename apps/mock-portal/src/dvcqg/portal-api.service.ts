import { Inject, Injectable } from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { Counter } from 'prom-client';
import { z } from 'zod';
import { PortalCatalog } from '../catalog/catalog';
import { type PortalView, planDossierSync, planProgressUpdate } from '../dossiers/dossier-sync';
import { FaultService } from '../faults/fault.service';
import { CLOCK, type Clock, SLEEP, type Sleep } from '../runtime';
import { SessionService } from '../sessions/session.service';
import { PortalStateService } from '../state/portal-state.service';
import { toFieldIssues } from './field-issues';
import {
  type BusinessErrorCode,
  type PortalBody,
  PortalErrorCode,
  type PortalReply,
  type WriteService,
  businessReply,
  errorBody,
  fieldMessage,
  isPortalService,
} from './wire';

type Outcome =
  'logged-in' | 'applied' | 'answered' | 'replayed' | 'rejected' | 'refused' | 'faulted';

interface CallResult {
  /** Service name for logs and metrics: the called service, "login", or "unknown". */
  service: string;
  reply: PortalReply;
  outcome: Outcome;
  caseCodes: readonly string[];
}

const madonviSchema = z.object({ madonvi: z.string().min(1, 'không được để trống') });
const lookupSchema = z.object({ mahoso: z.string().min(1, 'không được để trống') });
const procedureSchema = z.object({ maTTHC: z.string().min(1, 'không được để trống') });

/**
 * One DVCQG call from start to answer: injected faults, login and sessions, idempotent replay,
 * then the service. Business answers are HTTP 200 whatever their error_code, as on the real
 * portal; only injected infrastructure faults use other statuses.
 */
@Injectable()
export class PortalApiService {
  private readonly callCounter: Counter<'service' | 'error_code'>;

  constructor(
    @Inject(PortalStateService) private readonly state: PortalStateService,
    @Inject(PortalCatalog) private readonly catalog: PortalCatalog,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SLEEP) private readonly sleep: Sleep,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.callCounter = metrics.counter(
      'hub_mock_portal_calls_total',
      'Calls to the mock DVCQG endpoint by service and answered error_code',
      ['service', 'error_code'],
    );
  }

  async handle(body: unknown, idempotencyKey: string | undefined): Promise<PortalReply> {
    this.state.countCall();
    const key = idempotencyKey === undefined || idempotencyKey === '' ? undefined : idempotencyKey;
    const fault = this.faults.decide();
    let result: CallResult;
    if (fault.kind === 'fail') {
      // Not remembered against the key: a retry after a transient fault must be processed.
      result = {
        service: serviceLabel(body),
        reply: fault.reply,
        outcome: 'faulted',
        caseCodes: [],
      };
    } else {
      if (fault.kind === 'delay') await this.sleep(fault.ms);
      result = this.process(body, key);
    }
    this.record(result, key);
    return result.reply;
  }

  private process(body: unknown, key: string | undefined): CallResult {
    if (!isRecord(body)) {
      return this.refuse(
        'unknown',
        PortalErrorCode.Validation,
        'Yêu cầu không hợp lệ: nội dung phải là một đối tượng JSON',
      );
    }
    if (body['service'] === undefined) return this.login(body);
    const service = serviceLabel(body);
    if (this.sessions.accountOf(body['session']) === undefined) {
      return {
        service,
        reply: businessReply(
          errorBody(PortalErrorCode.InvalidSession, 'Phiên làm việc không hợp lệ hoặc đã hết hạn'),
        ),
        outcome: 'refused',
        caseCodes: [],
      };
    }
    const name = body['service'];
    if (typeof name !== 'string' || !isPortalService(name)) {
      return {
        service,
        reply: businessReply(
          errorBody(
            PortalErrorCode.UnknownService,
            typeof name === 'string'
              ? `Dịch vụ ${name} không được hỗ trợ`
              : fieldMessage('service', 'phải là tên dịch vụ dạng chuỗi ký tự'),
          ),
        ),
        outcome: 'refused',
        caseCodes: [],
      };
    }
    const agency = madonviSchema.safeParse(body);
    if (!agency.success) {
      const [issue] = toFieldIssues(agency.error, body);
      return this.refuse(name, PortalErrorCode.Validation, fieldMessage(issue.path, issue.reason));
    }
    const params = withoutEnvelope(body);
    switch (name) {
      case 'DongBoHoSoMC':
      case 'CapNhatTienDoHoSoMC':
        return this.write(name, params, key);
      case 'TraCuuHoSo':
        return this.lookupDossier(params);
      case 'LayThuTuc':
        return this.lookupProcedure(params);
      case 'LayDanhSachTTHC':
        return this.answer(
          name,
          'Lấy danh sách thủ tục hành chính thành công',
          this.catalog.summaries,
        );
      case 'LayDanhMucCoQuan':
        return this.answer(name, 'Lấy danh mục cơ quan thành công', this.catalog.agencies);
    }
  }

  private login(body: Record<string, unknown>): CallResult {
    const session = this.sessions.login(body['username'], body['password']);
    if (session === undefined) {
      return {
        service: 'login',
        reply: businessReply(
          errorBody(PortalErrorCode.LoginFailed, 'Sai tên đăng nhập hoặc mật khẩu'),
        ),
        outcome: 'refused',
        caseCodes: [],
      };
    }
    return {
      service: 'login',
      // error_code is the number 0 here, unlike every other answer: the real portal's quirk.
      reply: businessReply({ session, error_code: 0, message: 'Đăng nhập thành công' }),
      outcome: 'logged-in',
      caseCodes: [],
    };
  }

  /**
   * Only state-changing services honour Idempotency-Key: a lookup replayed from memory would
   * hand reconciliation a stale copy, and reads are safe to repeat anyway.
   */
  private write(
    service: WriteService,
    params: Record<string, unknown>,
    key: string | undefined,
  ): CallResult {
    const now = this.clock();
    const itemKeys = perItemKeys(key, params['data']);
    if (itemKeys) return this.writeItems(service, params, itemKeys, now);
    if (key !== undefined) {
      const earlier = this.state.replay(key, service, now);
      if (earlier) {
        return {
          service,
          reply: businessReply(earlier.body),
          outcome: 'replayed',
          caseCodes: earlier.caseCodes,
        };
      }
    }
    const result =
      service === 'DongBoHoSoMC'
        ? this.syncDossiers(params, key ?? null, now)
        : this.updateProgress(params);
    if (key !== undefined) {
      this.state.remember(key, { service, body: result.reply.body, caseCodes: result.caseCodes });
    }
    return result;
  }

  /**
   * A write whose Idempotency-Key lists one key per item of `data` (`k1, k2, …`): each item is
   * applied at most once whatever call carries it, so a client may resend an item in another
   * batch after a lost answer. Items already applied are skipped (counted as duplicates); the rest
   * are planned and applied together, all or nothing, as any call is. Only applied items are
   * remembered: a refused batch leaves nothing behind, and a key remembered with a refusal (from a
   * call of its own) refuses the batch with that answer.
   */
  private writeItems(
    service: WriteService,
    params: Record<string, unknown>,
    keys: readonly string[],
    now: Date,
  ): CallResult {
    const items = params['data'] as unknown[];
    const earlier = keys.map((k) => this.state.remembered(k, service));
    const refused = earlier.find(
      (r) => r !== undefined && r.body.error_code !== PortalErrorCode.Success,
    );
    if (refused) {
      return {
        service,
        reply: businessReply(refused.body),
        outcome: 'replayed',
        caseCodes: refused.caseCodes,
      };
    }
    const fresh = keys.flatMap((_key, i) => (earlier[i] === undefined ? [i] : []));
    for (const [i, k] of keys.entries())
      if (earlier[i] !== undefined) this.state.replay(k, service, now);
    if (fresh.length === 0) {
      return {
        service,
        reply: businessReply(successBody(service, items.length)),
        outcome: 'replayed',
        caseCodes: earlier.flatMap((r) => r?.caseCodes ?? []),
      };
    }
    const subset = { ...params, data: fresh.map((i) => items[i]) };
    const freshKeys = fresh.map((i) => keys[i]);
    let caseCodes: readonly string[];
    if (service === 'DongBoHoSoMC') {
      const plan = planDossierSync(subset, this.view());
      if (!plan.ok) return this.refuse(service, plan.code, plan.message, plan.caseCodes);
      this.state.applyDossierWrites(plan.writes, freshKeys, now);
      plan.writes.forEach((w, n) =>
        this.state.remember(freshKeys[n], {
          service,
          body: successBody(service, 1),
          caseCodes: [w.caseCode],
        }),
      );
      caseCodes = plan.caseCodes;
    } else {
      const plan = planProgressUpdate(subset, this.view());
      if (!plan.ok) return this.refuse(service, plan.code, plan.message, plan.caseCodes);
      this.state.appendProgress(plan.appends, fresh.length);
      const entries = subset.data as { MaHoSo?: unknown }[];
      freshKeys.forEach((k, n) =>
        this.state.remember(k, {
          service,
          body: successBody(service, 1),
          caseCodes: typeof entries[n]?.MaHoSo === 'string' ? [entries[n].MaHoSo] : [],
        }),
      );
      caseCodes = plan.caseCodes;
    }
    return this.succeed(service, successBody(service, items.length), 'applied', caseCodes);
  }

  private syncDossiers(params: Record<string, unknown>, key: string | null, now: Date): CallResult {
    const service = 'DongBoHoSoMC';
    const plan = planDossierSync(params, this.view());
    if (!plan.ok) return this.refuse(service, plan.code, plan.message, plan.caseCodes);
    this.state.applyDossierWrites(plan.writes, key, now);
    return this.succeed(
      service,
      successBody(service, plan.writes.length),
      'applied',
      plan.caseCodes,
    );
  }

  private updateProgress(params: Record<string, unknown>): CallResult {
    const service = 'CapNhatTienDoHoSoMC';
    const plan = planProgressUpdate(params, this.view());
    if (!plan.ok) return this.refuse(service, plan.code, plan.message, plan.caseCodes);
    this.state.appendProgress(plan.appends);
    return this.succeed(service, successBody(service, plan.entryCount), 'applied', plan.caseCodes);
  }

  /** Validates a read service's parameters; the first bad field is the portal's answer. */
  private parseParams<T>(
    service: string,
    schema: z.ZodType<T>,
    params: Record<string, unknown>,
  ): { ok: true; data: T } | { ok: false; refusal: CallResult } {
    const parsed = schema.safeParse(params);
    if (parsed.success) return { ok: true, data: parsed.data };
    const [issue] = toFieldIssues(parsed.error, params);
    return {
      ok: false,
      refusal: this.refuse(
        service,
        PortalErrorCode.Validation,
        fieldMessage(issue.path, issue.reason),
      ),
    };
  }

  private lookupDossier(params: Record<string, unknown>): CallResult {
    const service = 'TraCuuHoSo';
    const parsed = this.parseParams(service, lookupSchema, params);
    if (!parsed.ok) return parsed.refusal;
    const code = parsed.data.mahoso;
    const dossier = this.state.findDossier(code);
    if (!dossier) {
      return this.refuse(service, PortalErrorCode.NotFound, `Không tìm thấy hồ sơ ${code}`, [code]);
    }
    return this.succeed(
      service,
      { error_code: PortalErrorCode.Success, message: 'Tra cứu thành công', result: dossier },
      'answered',
      [code],
    );
  }

  private lookupProcedure(params: Record<string, unknown>): CallResult {
    const service = 'LayThuTuc';
    const parsed = this.parseParams(service, procedureSchema, params);
    if (!parsed.ok) return parsed.refusal;
    const procedure = this.catalog.find(parsed.data.maTTHC);
    if (!procedure) {
      return this.refuse(
        service,
        PortalErrorCode.NotFound,
        `Không tìm thấy thủ tục hành chính có mã ${parsed.data.maTTHC}`,
      );
    }
    return this.answer(service, 'Lấy thông tin thủ tục hành chính thành công', [procedure]);
  }

  /** A catalog answer: `result` is always a list. The catalog is frozen, so it goes out uncopied. */
  private answer(service: string, message: string, result: readonly unknown[]): CallResult {
    return this.succeed(
      service,
      { error_code: PortalErrorCode.Success, message, result },
      'answered',
      [],
    );
  }

  private succeed(
    service: string,
    body: PortalBody,
    outcome: Outcome,
    caseCodes: readonly string[],
  ): CallResult {
    return { service, reply: businessReply(body), outcome, caseCodes };
  }

  private refuse(
    service: string,
    code: BusinessErrorCode,
    message: string,
    caseCodes: readonly string[] = [],
  ): CallResult {
    this.state.countRejected();
    return {
      service,
      reply: businessReply(errorBody(code, message)),
      outcome: 'rejected',
      caseCodes,
    };
  }

  private view(): PortalView {
    return {
      findDossier: (code) => this.state.findDossier(code),
      isKnownProcedure: (code) => this.catalog.has(code),
      rejectedCaseCodes: this.faults.rejectedCaseCodes(),
    };
  }

  /** One line per call, never with the body: dossiers carry personal IDs (Law 91/2025/QH15). */
  private record(result: CallResult, idempotencyKey: string | undefined): void {
    const errorCode = String(result.reply.body.error_code);
    this.callCounter.inc({ service: result.service, error_code: errorCode });
    const level = result.outcome === 'faulted' || result.outcome === 'rejected' ? 'warn' : 'info';
    // `portalService`, not `service`: the latter is the app name every log line already carries.
    this.logger.event(level, 'dvcqg call', {
      portalService: result.service,
      outcome: result.outcome,
      errorCode,
      httpStatus: result.reply.httpStatus,
      caseCodes: result.caseCodes,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      ...(result.outcome === 'rejected' ? { reason: result.reply.body.message } : {}),
    });
  }
}

/** The success answer of a write service for `count` dossiers or progress entries. */
function successBody(service: WriteService, count: number): PortalBody {
  return {
    error_code: PortalErrorCode.Success,
    message:
      service === 'DongBoHoSoMC'
        ? `Đồng bộ thành công ${count} hồ sơ`
        : `Cập nhật tiến độ thành công ${count} quá trình xử lý`,
  };
}

/**
 * The keys of an Idempotency-Key that lists one per item of `data` (`k1, k2, …`; a key has no
 * spaces, so ", " separates them), or undefined for a single key, which names the whole call.
 */
function perItemKeys(key: string | undefined, data: unknown): string[] | undefined {
  if (key === undefined || !key.includes(', ') || !Array.isArray(data)) return undefined;
  const keys = key.split(', ');
  if (keys.length !== data.length || keys.some((k) => k === '' || /\s/.test(k))) return undefined;
  return new Set(keys).size === keys.length ? keys : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Metric label for a call; arbitrary strings from callers would blow up label cardinality. */
function serviceLabel(body: unknown): string {
  if (!isRecord(body)) return 'unknown';
  const name = body['service'];
  if (name === undefined) return 'login';
  return typeof name === 'string' && isPortalService(name) ? name : 'unknown';
}

/** The service's own parameters: everything in the body but the envelope. */
function withoutEnvelope(body: Record<string, unknown>): Record<string, unknown> {
  const { session: _session, madonvi: _madonvi, service: _service, ...params } = body;
  return params;
}
