import { ProblemException, type FieldError } from '@hub/observability';

/** Stable codes of the subscriptions API (clients branch on these, never on message text). */
export enum WebhooksErrorCode {
  InvalidSubscription = 'INVALID_SUBSCRIPTION',
  TargetNotAllowed = 'TARGET_NOT_ALLOWED',
  MalformedJson = 'MALFORMED_JSON',
  SubscriptionNotFound = 'SUBSCRIPTION_NOT_FOUND',
  SubscriptionDeleted = 'SUBSCRIPTION_DELETED',
  DeliveryNotFound = 'DELIVERY_NOT_FOUND',
  InvalidQuery = 'INVALID_QUERY',
}

const TITLES: Record<WebhooksErrorCode, [number, string]> = {
  [WebhooksErrorCode.InvalidSubscription]: [400, 'The subscription is invalid'],
  [WebhooksErrorCode.TargetNotAllowed]: [400, 'The target URL is not allowed'],
  [WebhooksErrorCode.MalformedJson]: [400, 'Body is not valid JSON'],
  [WebhooksErrorCode.SubscriptionNotFound]: [404, 'Subscription not found'],
  [WebhooksErrorCode.SubscriptionDeleted]: [409, 'Subscription is deleted'],
  [WebhooksErrorCode.DeliveryNotFound]: [404, 'Delivery not found'],
  [WebhooksErrorCode.InvalidQuery]: [400, 'Invalid query parameter'],
};

export function webhooksProblem(
  code: WebhooksErrorCode,
  detail: string,
  errors?: FieldError[],
): ProblemException {
  const [status, title] = TITLES[code];
  return new ProblemException(status, code, title, detail, errors);
}
