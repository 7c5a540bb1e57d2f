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
};

export function isAppName(name: string): name is AppName {
  return (APP_NAMES as readonly string[]).includes(name);
}
