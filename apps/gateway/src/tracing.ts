import { startTracing } from '@hub/tracing';

// Imported first by main.ts: the instrumentations patch http and pg as they are loaded.
startTracing('gateway');
