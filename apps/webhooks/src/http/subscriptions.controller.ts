import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiKeyGuard, type AuthenticatedRequest } from '@hub/auth';
import { unstorableString } from '@hub/contracts';
import { ProblemException } from '@hub/observability';
import {
  type Delivery,
  type DeliveryState,
  DeliveryRepository,
} from '../subscriptions/delivery.repository';
import {
  type Subscription,
  type SubscriptionChange,
  type SubscriptionState,
  SubscriptionRepository,
} from '../subscriptions/subscription.repository';
import { CreateSubscriptionCommand } from '../usecases/create-subscription/create-subscription.command';
import { CreateSubscriptionHandler } from '../usecases/create-subscription/create-subscription.handler';
import { WebhooksErrorCode, webhooksProblem } from '../webhooks.errors';

function intParam(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw webhooksProblem(WebhooksErrorCode.InvalidQuery, `${name} is out of range.`, [
      { path: `query.${name}`, message: `must be a whole number from 0 to ${max}` },
    ]);
  }
  return n;
}

function enumParam<T extends string>(
  name: string,
  raw: string | undefined,
  values: T[],
): T | undefined {
  if (raw === undefined || values.includes(raw as T)) return raw as T | undefined;
  throw webhooksProblem(WebhooksErrorCode.InvalidQuery, `Unknown ${name}.`, [
    { path: `query.${name}`, message: `must be one of ${values.join(', ')}` },
  ]);
}

/**
 * A path parameter Postgres can compare: a NUL in it made the lookup fail with 500 (issue 16).
 * 400 naming the parameter, before any query runs.
 */
function pathParam(name: 'id' | 'deliveryId', raw: string): string {
  const reason = unstorableString(raw);
  if (reason === undefined) return raw;
  throw new ProblemException(
    400,
    'INVALID_PARAMETER',
    'Invalid path parameter',
    `${name} cannot name anything the hub stores.`,
    [{ path: name, message: reason }],
  );
}

const DELIVERY_STATES: DeliveryState[] = ['pending', 'delivered', 'cancelled'];
const SUBSCRIPTION_STATES: SubscriptionState[] = ['active', 'paused', 'deleted'];

/** Admin API (HUB_ADMIN_KEYS). Every change is written to webhook_audit_log with the admin. */
@Controller('v1/subscriptions')
@UseGuards(ApiKeyGuard)
export class SubscriptionsController {
  constructor(
    @Inject(CreateSubscriptionHandler) private readonly createHandler: CreateSubscriptionHandler,
    @Inject(SubscriptionRepository) private readonly subscriptions: SubscriptionRepository,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
  ) {}

  /** 201 with the signing secret: the only time it is ever shown. */
  @Post()
  @HttpCode(201)
  async create(
    @Req() req: AuthenticatedRequest,
    @Body() body: unknown,
  ): Promise<Subscription & { secret: string }> {
    const built = CreateSubscriptionCommand.create(req.principal, body);
    if (!built.ok) {
      throw webhooksProblem(
        WebhooksErrorCode.InvalidSubscription,
        'Nothing was created; fix the fields named in errors.',
        built.errors,
      );
    }
    const outcome = await this.createHandler.execute(built.command);
    if (outcome.kind === 'target-refused') {
      throw webhooksProblem(
        WebhooksErrorCode.TargetNotAllowed,
        'The hub only delivers to allow-listed public addresses (WEBHOOK_ALLOWED_TARGETS).',
        [{ path: 'url', message: outcome.reason }],
      );
    }
    return { ...outcome.subscription, secret: outcome.secret };
  }

  /** Deleted subscriptions only when asked for (`?state=deleted`). */
  @Get()
  async list(@Query('state') state?: string): Promise<{ items: Subscription[] }> {
    return {
      items: await this.subscriptions.list({
        state: enumParam('state', state, SUBSCRIPTION_STATES),
      }),
    };
  }

  /** A deleted subscription too (`state: deleted`): its history stays readable. */
  @Get(':id')
  async get(@Param('id') id: string): Promise<Subscription> {
    return this.existing(pathParam('id', id));
  }

  /** Deleting again is harmless: 204, nothing more cancelled, no second audit entry. */
  @Delete(':id')
  @HttpCode(204)
  async remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    if ((await this.subscriptions.delete(pathParam('id', id), req.principal)) === 'not-found')
      throw notFound(id);
  }

  @Post(':id/resume')
  async resume(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Subscription> {
    return changed(id, await this.subscriptions.resume(pathParam('id', id), req.principal));
  }

  @Post(':id/pause')
  async pause(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Subscription> {
    return changed(id, await this.subscriptions.pause(pathParam('id', id), req.principal));
  }

  @Get(':id/deliveries')
  async listDeliveries(
    @Param('id') id: string,
    @Query('state') state?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: Delivery[]; limit: number; offset: number }> {
    await this.existing(pathParam('id', id));
    const s = enumParam('state', state, DELIVERY_STATES);
    const l = intParam('limit', limit, 100, 1000);
    const o = intParam('offset', offset, 0, 10_000_000);
    return {
      items: await this.deliveries.list(id, { state: s, limit: l, offset: o }),
      limit: l,
      offset: o,
    };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  async redeliver(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<Delivery> {
    if ((await this.existing(pathParam('id', id))).state === 'deleted') throw deleted(id);
    const d = await this.deliveries.redeliver(
      id,
      pathParam('deliveryId', deliveryId),
      req.principal,
    );
    if (!d) {
      throw webhooksProblem(
        WebhooksErrorCode.DeliveryNotFound,
        `No delivery ${deliveryId} of subscription ${id}.`,
        [{ path: 'deliveryId', message: 'is not a delivery of this subscription' }],
      );
    }
    return d;
  }

  @Get(':id/audit')
  async auditLog(
    @Param('id') id: string,
  ): Promise<{ items: { at: Date; actor: string; action: string; detail: unknown }[] }> {
    await this.existing(pathParam('id', id));
    return { items: await this.subscriptions.auditLog(id) };
  }

  private async existing(id: string): Promise<Subscription> {
    const s = await this.subscriptions.find(id);
    if (!s) throw notFound(id);
    return s;
  }
}

function changed(id: string, change: SubscriptionChange): Subscription {
  switch (change.kind) {
    case 'changed':
      return change.subscription;
    case 'not-found':
      throw notFound(id);
    case 'deleted':
      throw deleted(id);
  }
}

function notFound(id: string) {
  return webhooksProblem(WebhooksErrorCode.SubscriptionNotFound, `No subscription ${id}.`, [
    { path: 'id', message: 'is not a subscription' },
  ]);
}

function deleted(id: string) {
  return webhooksProblem(
    WebhooksErrorCode.SubscriptionDeleted,
    `Subscription ${id} is deleted: its history stays readable, but it cannot be changed or receive again.`,
    [{ path: 'id', message: 'is a deleted subscription' }],
  );
}
