import { type ConfigOf, env, variable } from '@hub/config';
import { z } from 'zod';

export const mockPopulationConfigSpec = {
  MOCK_POPULATION_PORT: variable(
    env.port(4002),
    'HTTP port of the mock national population database',
  ),
  MOCK_POPULATION_HOST: variable(
    z.string().min(1).default('127.0.0.1'),
    'Interface to listen on; loopback unless a container needs 0.0.0.0',
  ),
  MOCK_POPULATION_UNLICENSED_SERVICES: variable(
    env.list().default(['9.999999']),
    'Comma-separated procedure codes (MaDVC) not licensed to use the database: answered "004"',
  ),
  MOCK_POPULATION_UNAUTHORISED_OFFICIALS: variable(
    env.list().default(['CB-CHUA-CAP-QUYEN']),
    'Comma-separated official codes (MaCanBo) not authorised: answered "005"',
  ),
};

export type MockPopulationConfig = ConfigOf<typeof mockPopulationConfigSpec>;
