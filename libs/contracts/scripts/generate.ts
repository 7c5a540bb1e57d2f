/**
 * Writes contracts/ from libs/contracts (zod). With --check, writes nothing and exits 1 listing
 * every file that is missing, different or no longer generated, and every change to a message
 * schema that a reader of a released version could not survive (contracts/README.md).
 */
import { compatibilityProblems, staleFiles, writeGenerated } from './contracts-files';

const check = process.argv.includes('--check');
const breaking = compatibilityProblems();
let failed = false;

if (check) {
  const stale = staleFiles();
  if (stale.length > 0) {
    failed = true;
    console.error(`contracts/ is out of date with libs/contracts:\n  ${stale.join('\n  ')}\nRun: npm run contracts:generate`);
  }
} else {
  console.log(`wrote contracts/ (${writeGenerated()} files)`);
}

if (breaking.length > 0) {
  failed = check;
  console.error(
    `${check ? '' : 'warning: '}message schemas break released contracts (a newer version may only add optional fields):\n  ${breaking.map((p) => p.message).join('\n  ')}\nKeep the released shape, or publish a new topic version (.v2) for a breaking change.`,
  );
}

if (failed) process.exit(1);
if (check) console.log('contracts/ is up to date and compatible with every released version');
