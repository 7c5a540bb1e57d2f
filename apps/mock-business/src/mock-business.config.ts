import { type ConfigOf, env, variable } from '@hub/config';
import { z } from 'zod';

export const mockBusinessConfigSpec = {
  MOCK_BUSINESS_PORT: variable(env.port(4003), 'HTTP port of the mock national business registry'),
  MOCK_BUSINESS_HOST: variable(
    z.string().min(1).default('127.0.0.1'),
    'Interface to listen on; loopback unless a container needs 0.0.0.0',
  ),
  MOCK_BUSINESS_UNLICENSED_SERVICES: variable(
    env.list().default(['9.999999']),
    'Comma-separated procedure codes (maDVC) not licensed to use the registry: answered "004"',
  ),
  MOCK_BUSINESS_UNAUTHORISED_OFFICIALS: variable(
    env.list().default(['CB-CHUA-CAP-QUYEN']),
    'Comma-separated official codes (maCanBo) not authorised: answered "005"',
  ),
};

export type MockBusinessConfig = ConfigOf<typeof mockBusinessConfigSpec>;
