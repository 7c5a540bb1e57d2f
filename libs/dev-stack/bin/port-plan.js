// The ports `npm start` will use, checked before the build so that a taken port fails in a
// second rather than after a minute of compiling. Plain JavaScript with no dependencies because it
// runs before anything is built (and before `npm ci` on a fresh clone). The same rule, in
// TypeScript, is `plannedPort` in libs/dev-stack/src/apps.ts; port-plan.spec.ts keeps them equal.
'use strict';
const { createServer } = require('node:net');

/** As APP_PORTS in libs/dev-stack/src/apps.ts (the apps `npm start` runs). */
const APP_PORTS = {
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
const PORT_OFFSET_ENV = 'HUB_PORT_OFFSET';

const isPort = (n) => Number.isInteger(n) && n > 0 && n < 65536;

/** `{ port, decidedBy }` or `{ error }` for one app, from `env`. */
function plannedPort(name, env) {
  const { env: own, port } = APP_PORTS[name];
  const ownValue = (env[own] || '').trim();
  if (ownValue) {
    if (!isPort(Number(ownValue))) return { error: `${own}=${ownValue} is not a port (1–65535).` };
    return { port: Number(ownValue), decidedBy: own };
  }
  const offsetValue = (env[PORT_OFFSET_ENV] || '').trim();
  if (offsetValue) {
    const shifted = port + Number(offsetValue);
    if (!Number.isInteger(Number(offsetValue)) || !isPort(shifted)) {
      return {
        error: `${PORT_OFFSET_ENV}=${offsetValue} does not give ${name} a port (${port} + offset must be 1–65535).`,
      };
    }
    return { port: shifted, decidedBy: PORT_OFFSET_ENV };
  }
  return { port, decidedBy: undefined };
}

/** Binds without a host, as the apps' check does (dual-stack: any listener counts as taken). */
function isPortFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** What to tell the user to change for a taken port. */
function remedy(name, planned, env) {
  const { env: own } = APP_PORTS[name];
  const offset = Number((env[PORT_OFFSET_ENV] || '0').trim()) || 0;
  const next = offset + 100;
  return planned.decidedBy === own
    ? `choose another with ${own}, e.g. ${own}=${planned.port + 100} npm start`
    : `shift every port with ${PORT_OFFSET_ENV}, e.g. ${PORT_OFFSET_ENV}=${next} npm start (or this one alone with ${own})`;
}

/** Every problem with the planned ports (invalid variables, duplicates, taken ports), as lines. */
async function portProblems(env) {
  const problems = [];
  const byPort = new Map();
  for (const name of Object.keys(APP_PORTS)) {
    const planned = plannedPort(name, env);
    if (planned.error) {
      problems.push(planned.error);
      continue;
    }
    const other = byPort.get(planned.port);
    if (other) {
      problems.push(`${name} and ${other} would both use port ${planned.port}.`);
      continue;
    }
    byPort.set(planned.port, name);
    if (!(await isPortFree(planned.port))) {
      problems.push(
        `Port ${planned.port} (${name}) is already in use. Stop whatever listens there, or ${remedy(name, planned, env)}.`,
      );
    }
  }
  return problems;
}

module.exports = { APP_PORTS, PORT_OFFSET_ENV, plannedPort, portProblems };

if (require.main === module) {
  portProblems(process.env).then((problems) => {
    if (problems.length === 0) return;
    console.error(`npm start cannot use its ports:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  });
}
