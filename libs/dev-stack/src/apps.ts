import { DevStackError, DevStackErrorCode } from './dev-stack.error';

/** The hub's runnable apps, in the order the launcher lists them. */
export const APP_NAMES = [
  'gateway',
  'relay',
  'portal-sync',
  'ops',
  'once-only',
  'webhooks',
  'mock-portal',
  'mock-population',
  'mock-business',
  'mock-results-store',
  'mock-payment',
] as const;

export type AppName = (typeof APP_NAMES)[number];

/** Each app reads its HTTP port from its own variable; these are the `npm start` defaults. */
export const APP_PORTS: Readonly<Record<AppName, { env: string; port: number }>> = {
  gateway: { env: 'GATEWAY_PORT', port: 3000 },
  relay: { env: 'RELAY_PORT', port: 3001 },
  'portal-sync': { env: 'PORTAL_SYNC_PORT', port: 3002 },
  ops: { env: 'OPS_PORT', port: 3003 },
  'once-only': { env: 'ONCE_ONLY_PORT', port: 3004 },
  webhooks: { env: 'WEBHOOKS_PORT', port: 3005 },
  'mock-portal': { env: 'MOCK_PORTAL_PORT', port: 4001 },
  'mock-population': { env: 'MOCK_POPULATION_PORT', port: 4002 },
  'mock-business': { env: 'MOCK_BUSINESS_PORT', port: 4003 },
  'mock-results-store': { env: 'MOCK_RESULTS_STORE_PORT', port: 4004 },
  'mock-payment': { env: 'MOCK_PAYMENT_PORT', port: 4005 },
};

export function isAppName(name: string): name is AppName {
  return (APP_NAMES as readonly string[]).includes(name);
}

/** Shifts every default port at once (`HUB_PORT_OFFSET=100`: gateway 3100, mocks 4101, …). */
export const PORT_OFFSET_ENV = 'HUB_PORT_OFFSET';

export interface PlannedPort {
  port: number;
  /** The variable that decided it (the app's own, or the offset) or undefined for the default. */
  decidedBy: string | undefined;
}

const isPort = (n: number): boolean => Number.isInteger(n) && n > 0 && n < 65536;

/**
 * The port `npm start` gives `name`: its own variable when set, else its default shifted by
 * HUB_PORT_OFFSET. Throws naming the variable when it is not a port. The same rule runs before
 * the build in `libs/dev-stack/bin/port-plan.js` (plain JS); a spec keeps the two equal.
 */
export function plannedPort(name: AppName, env: NodeJS.ProcessEnv): PlannedPort {
  const { env: own, port } = APP_PORTS[name];
  const ownValue = env[own]?.trim();
  if (ownValue) {
    if (!isPort(Number(ownValue))) {
      throw new DevStackError(
        DevStackErrorCode.InvalidPort,
        `${own}=${ownValue} is not a port (1–65535).`,
      );
    }
    return { port: Number(ownValue), decidedBy: own };
  }
  const offsetValue = env[PORT_OFFSET_ENV]?.trim();
  if (offsetValue) {
    const shifted = port + Number(offsetValue);
    if (!Number.isInteger(Number(offsetValue)) || !isPort(shifted)) {
      throw new DevStackError(
        DevStackErrorCode.InvalidPort,
        `${PORT_OFFSET_ENV}=${offsetValue} does not give ${name} a port (${port} + offset must be 1–65535).`,
      );
    }
    return { port: shifted, decidedBy: PORT_OFFSET_ENV };
  }
  return { port, decidedBy: undefined };
}
