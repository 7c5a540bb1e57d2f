import { Inject, Injectable, Optional } from '@nestjs/common';
import { HubLogger, MetricsRegistry, type FieldError } from '@hub/observability';
import { isDatabaseUnavailable } from '@hub/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../config';
import { ConfiguredDepartments } from '../../department-keys/configured-departments';
import { EventIntakeRepository } from '../../event-intake.repository';
import { GatewayErrorCode } from '../../gateway.errors';
import type { AcceptEventsCommand } from './accept-events.command';
import { ProcedureCatalogCache } from '../../catalog/procedure-catalog.cache';
import { caseAgencyViolations } from './case-agency';
import { catalogViolations } from './catalog-check';

export type AcceptEventsOutcome =
  | {
      kind: 'accepted';
      accepted: number;
      duplicates: number;
      results: { id: string; status: 'accepted' | 'duplicate' }[];
      /** INTAKE_CATALOG_CHECK=warn: what strict mode would have refused, accepted anyway. */
      warnings?: FieldError[];
    }
  | {
      kind: 'refused';
      code: GatewayErrorCode;
      detail: string;
      errors: FieldError[];
      retryAfterSeconds?: number;
    };

/** How long a client should wait before re-sending when Postgres is unreachable. */
const RETRY_AFTER_SECONDS = 5;

@Injectable()
export class AcceptEventsHandler {
  private readonly counter;
  private readonly catalogMismatches;
  private readonly departments: ConfiguredDepartments | undefined;
  private readonly catalogCheck: 'strict' | 'warn' | 'off';

  /** `config` is always there in the app; a spec without it gets no agency binding. */
  constructor(
    @Inject(EventIntakeRepository) private readonly intake: EventIntakeRepository,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
    @Optional() @Inject(GATEWAY_CONFIG) config?: GatewayConfig,
    @Optional() @Inject(ProcedureCatalogCache) private readonly catalog?: ProcedureCatalogCache,
  ) {
    this.departments = config ? ConfiguredDepartments.fromConfig(config) : undefined;
    this.catalogCheck = config?.INTAKE_CATALOG_CHECK ?? 'off';
    this.catalogMismatches = metrics.counter(
      'hub_intake_catalog_mismatches_total',
      'case.received events whose procedure (field procedureCode) or agency (agencyCode) the national catalog does not have, by mode (strict: refused, warn: accepted)',
      ['department', 'field', 'mode'] as const,
    );
    this.counter = metrics.counter(
      'hub_gateway_events_total',
      'Events received by the gateway, by outcome',
      ['department', 'outcome'] as const,
    );
  }

  async execute(command: AcceptEventsCommand): Promise<AcceptEventsOutcome> {
    const foreignAgency = this.departments
      ? caseAgencyViolations(this.departments, command.department, command.events)
      : [];
    if (foreignAgency.length > 0) {
      this.counter.inc(
        { department: command.department, outcome: 'forbidden' },
        command.events.length,
      );
      return {
        kind: 'refused',
        code: GatewayErrorCode.ForbiddenSource,
        detail:
          "Nothing was stored: a case code is under an agency that is not one of the department's.",
        errors: foreignAgency,
      };
    }
    const catalog = this.catalogCheck === 'off' ? undefined : this.catalog?.current();
    const notInCatalog = catalog ? catalogViolations(catalog, command.events) : [];
    for (const v of notInCatalog) {
      this.catalogMismatches.inc({
        department: command.department,
        field: v.path === 'data.agencyCode' ? 'agencyCode' : 'procedureCode',
        mode: this.catalogCheck,
      });
    }
    if (notInCatalog.length > 0 && this.catalogCheck === 'strict') {
      this.counter.inc(
        { department: command.department, outcome: 'not_in_catalog' },
        command.events.length,
      );
      return {
        kind: 'refused',
        code: GatewayErrorCode.NotInCatalog,
        detail:
          'Nothing was stored: a case.received names a procedure the national catalog does not have, or an agency that does not perform it there.',
        errors: notInCatalog,
      };
    }
    let result;
    try {
      result = await this.intake.accept(command.department, command.events);
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
      this.counter.inc(
        { department: command.department, outcome: 'unavailable' },
        command.events.length,
      );
      this.logger.event('error', 'database unavailable; events refused with 503', {
        department: command.department,
        events: command.events.length,
        error: e instanceof Error ? e.message : String(e),
      });
      return {
        kind: 'refused',
        code: GatewayErrorCode.Unavailable,
        detail: 'Nothing was stored. Send the same request again later; it is safe to repeat.',
        errors: [],
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      };
    }
    switch (result.kind) {
      case 'conflict':
        this.counter.inc(
          { department: command.department, outcome: 'conflict' },
          command.events.length,
        );
        return {
          kind: 'refused',
          code: GatewayErrorCode.IdConflict,
          detail:
            'Nothing was stored: an event id or case sequence is already taken by different content.',
          errors: result.errors,
        };
      case 'forbidden':
        this.counter.inc(
          { department: command.department, outcome: 'forbidden' },
          command.events.length,
        );
        return {
          kind: 'refused',
          code: GatewayErrorCode.ForbiddenSource,
          detail: 'Nothing was stored: a case belongs to another department.',
          errors: result.errors,
        };
      case 'accepted': {
        const accepted = result.results.filter((r) => r.status === 'accepted').length;
        const duplicates = result.results.length - accepted;
        this.counter.inc({ department: command.department, outcome: 'accepted' }, accepted);
        this.counter.inc({ department: command.department, outcome: 'duplicate' }, duplicates);
        for (const { event } of command.events) {
          this.logger.event('debug', 'event accepted', {
            eventId: event.id,
            caseCode: event.subject,
            type: event.type,
          });
        }
        if (notInCatalog.length > 0) {
          this.logger.event('warn', 'events accepted although the catalog lacks their procedure', {
            department: command.department,
            events: notInCatalog.map(
              (v) => command.events.find((e) => e.index === v.index)?.event.id,
            ),
            paths: notInCatalog.map((v) => v.path),
          });
          return {
            kind: 'accepted',
            accepted,
            duplicates,
            results: result.results,
            warnings: notInCatalog,
          };
        }
        return { kind: 'accepted', accepted, duplicates, results: result.results };
      }
    }
  }
}
