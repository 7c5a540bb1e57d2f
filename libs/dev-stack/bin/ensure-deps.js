#!/usr/bin/env node
// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json changed)
// it installs the exact locked dependencies, so the README's two commands work with nothing
// prepared. Plain JavaScript with no dependencies, because it runs before any are installed.
// Before `npm start` it first checks the ports the apps will take (port-plan.js), so a taken
// port fails at once, naming the variable to change, instead of after the build.
'use strict';
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { portProblems } = require('./port-plan');

const root = join(__dirname, '..', '..', '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

function ensureDeps() {
  const fresh = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  console.log('Installing dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  if (process.env.npm_lifecycle_event === 'prestart') {
    const problems = await portProblems(process.env);
    if (problems.length > 0) {
      console.error(`npm start cannot use its ports:\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
  }
  ensureDeps();
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
