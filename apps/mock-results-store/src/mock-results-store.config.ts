import { type ConfigOf, env, variable } from '@hub/config';
import { z } from 'zod';

export const mockResultsStoreConfigSpec = {
  MOCK_RESULTS_STORE_PORT: variable(
    env.port(4004),
    "HTTP port of the mock of the portal's store of digitised results",
  ),
  MOCK_RESULTS_STORE_HOST: variable(
    z.string().min(1).default('127.0.0.1'),
    'Interface to listen on; loopback unless a container needs 0.0.0.0',
  ),
  MOCK_RESULTS_STORE_UNLICENSED_PROCEDURES: variable(
    env.list().default(['9.999999']),
    'Comma-separated procedure codes (MaThuTuc) not allowed to use the store: answered "4"',
  ),
  MOCK_RESULTS_STORE_UNAUTHORISED_CALLERS: variable(
    env.list().default(['000.00.99.H26']),
    'Comma-separated caller agency codes (MaDonVi) not allowed to register: answered "5"',
  ),
};

export type MockResultsStoreConfig = ConfigOf<typeof mockResultsStoreConfigSpec>;
