import { type ConfigOf, env, variable } from '@hub/config';
import { z } from 'zod';

export const mockPaymentConfigSpec = {
  MOCK_PAYMENT_PORT: variable(env.port(4005), 'HTTP port of the mock national payment platform'),
  MOCK_PAYMENT_HOST: variable(
    z.string().min(1).default('127.0.0.1'),
    'Interface to listen on; loopback unless a container needs 0.0.0.0',
  ),
  MOCK_PAYMENT_PARTNER: variable(
    z.string().trim().min(1).max(50).default('LIENTHONG-H26'),
    'The partner code (MaDoiTac) the mock accepts; the hub sends it on every message',
  ),
  MOCK_PAYMENT_SECRET: variable(
    z.string().min(8).default('demo-payment-secret'),
    'The secret shared with the hub: it signs every message (MaXacThuc) both ways',
    { sensitive: true },
  ),
  MOCK_PAYMENT_CONFIRM_URL: variable(
    env.url().optional(),
    "The hub's CONFIRM callback; unset, a payment is marked paid but no CONFIRM is sent",
  ),
  MOCK_PAYMENT_CONFIRM_TIMEOUT_MS: variable(
    env.int(5_000, 1),
    'How long the mock waits for the hub to answer a CONFIRM, in milliseconds',
  ),
  MOCK_PAYMENT_PUBLIC_URL: variable(
    env.url().optional(),
    'Origin put in UrlThanhToan (the payment page); default: the origin the INIT was sent to',
  ),
};

export type MockPaymentConfig = ConfigOf<typeof mockPaymentConfigSpec>;

export const MOCK_PAYMENT_CONFIG = Symbol('MOCK_PAYMENT_CONFIG');
