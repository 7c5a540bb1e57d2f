import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  APP_NAMES,
  APP_PORTS,
  DevStackError,
  DevStackErrorCode,
  PORT_OFFSET_ENV,
  plannedPort,
  type AppName,
} from '@hub/dev-stack';

/** libs/dev-stack/bin/port-plan.js: the same rule in plain JS, run by `npm start` before the build. */
interface PortPlanScript {
  APP_PORTS: Record<string, { env: string; port: number }>;
  PORT_OFFSET_ENV: string;
  plannedPort(
    name: string,
    env: NodeJS.ProcessEnv,
  ): { port: number; decidedBy: string | undefined } | { error: string };
}
const script = createRequire(__filename)(
  join(__dirname, '..', 'bin', 'port-plan.js'),
) as PortPlanScript;

const ENVS: NodeJS.ProcessEnv[] = [
  {},
  { [PORT_OFFSET_ENV]: '100' },
  { [PORT_OFFSET_ENV]: '-1000' },
  { [PORT_OFFSET_ENV]: '100', GATEWAY_PORT: '8080' },
  { MOCK_BUSINESS_PORT: '5003' },
  { [PORT_OFFSET_ENV]: ' ', OPS_PORT: '' },
];

describe('plannedPort (npm start ports)', () => {
  it('shifts every default port by HUB_PORT_OFFSET', () => {
    const env = { [PORT_OFFSET_ENV]: '100' };
    expect(Object.fromEntries(APP_NAMES.map((n) => [n, plannedPort(n, env).port]))).toEqual({
      gateway: 3100,
      relay: 3101,
      'portal-sync': 3102,
      ops: 3103,
      'once-only': 3104,
      webhooks: 3105,
      'mock-portal': 4101,
      'mock-population': 4102,
      'mock-business': 4103,
      'mock-results-store': 4104,
      'mock-payment': 4105,
    });
    expect(plannedPort('gateway', env).decidedBy).toBe(PORT_OFFSET_ENV);
  });

  it("lets an app's own variable win over the offset", () => {
    const env = { [PORT_OFFSET_ENV]: '100', GATEWAY_PORT: '8080' };
    expect(plannedPort('gateway', env)).toEqual({ port: 8080, decidedBy: 'GATEWAY_PORT' });
    expect(plannedPort('relay', env)).toEqual({ port: 3101, decidedBy: PORT_OFFSET_ENV });
  });

  it('names the variable when it does not give a port', () => {
    for (const [env, variable] of [
      [{ [PORT_OFFSET_ENV]: 'abc' }, PORT_OFFSET_ENV],
      [{ [PORT_OFFSET_ENV]: '70000' }, PORT_OFFSET_ENV],
      [{ GATEWAY_PORT: '0' }, 'GATEWAY_PORT'],
    ] as const) {
      const failure = (() => {
        try {
          plannedPort('gateway', env);
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(failure).toBeInstanceOf(DevStackError);
      expect((failure as DevStackError).code).toBe(DevStackErrorCode.InvalidPort);
      expect((failure as DevStackError).message).toContain(`${variable}=`);
      expect(script.plannedPort('gateway', env)).toEqual({
        error: expect.stringContaining(`${variable}=`) as unknown,
      });
    }
  });

  it('is the rule the pre-build check (bin/port-plan.js) applies, for the same apps', () => {
    expect(script.APP_PORTS).toEqual(APP_PORTS);
    expect(script.PORT_OFFSET_ENV).toBe(PORT_OFFSET_ENV);
    for (const env of ENVS) {
      for (const name of Object.keys(APP_PORTS) as AppName[]) {
        expect({ name, env, plan: script.plannedPort(name, env) }).toEqual({
          name,
          env,
          plan: plannedPort(name, env),
        });
      }
    }
  });
});
