import type { NationalCallStats } from '../transport/breaker-client';
import type { OnModuleDestroy } from '@nestjs/common';
import { ResultsStoreClient } from './results-store-client';
import { ResultsStoreError, ResultsStoreErrorCode } from './results-store-errors';
import {
  lookupProblems,
  readLookupAnswer,
  readRegistrationAnswer,
  registrationProblems,
  toLookupRequest,
  toRegistrationRequest,
} from './results-store-mapping';
import type { ResultsStoreAdapterOptions } from './results-store-options';
import { REGISTRATION_PATH, REGISTRATION_SERVICE } from './results-store-registration-wire';
import type {
  NationalResult,
  ResultLookupInput,
  ResultRegistrationInput,
  ResultRegistrationOutcome,
  ResultsStoreBreakerState,
  ResultsStorePort,
} from './results-store-types';
import { LOOKUP_PATH, LOOKUP_SERVICE } from './results-store-wire';

/**
 * The portal's store of digitised results (docs/national-systems.md): registers issued results so
 * that later procedures can reuse them, and looks an owner's results up. Registration's wire is
 * inferred (`results-store-registration-wire.ts`); lookup's is known. Transport failures, 5xx,
 * timeouts and an open breaker throw a transient `ResultsStoreError`: not retried here, the caller
 * owns durable retries, and a retried registration is safe because of its idempotency key.
 */
export class ResultsStoreAdapter implements ResultsStorePort, OnModuleDestroy {
  private readonly client: ResultsStoreClient;
  private readonly callerCode: string;

  constructor(options: ResultsStoreAdapterOptions) {
    if (typeof options.callerCode !== 'string' || options.callerCode.trim() === '') {
      throw new Error('ResultsStoreAdapter needs a callerCode (the calling agency code)');
    }
    this.client = new ResultsStoreClient(options);
    this.callerCode = options.callerCode.trim();
  }

  async register(input: ResultRegistrationInput): Promise<ResultRegistrationOutcome> {
    const problems = registrationProblems(input);
    if (problems.length > 0) {
      return { kind: 'rejected', code: 'HUB_INVALID_INPUT', message: problems.join('; ') };
    }
    return this.client.call(
      {
        service: REGISTRATION_SERVICE,
        path: REGISTRATION_PATH,
        body: toRegistrationRequest(input, this.callerCode),
      },
      (reply) => readRegistrationAnswer(reply),
      {
        idempotencyKey: input.idempotencyKey,
        caseCode: input.caseCode,
        procedureCode: input.procedureCode,
        resultCode: input.resultCode,
      },
    );
  }

  async lookup(input: ResultLookupInput): Promise<NationalResult[]> {
    const problems = lookupProblems(input);
    if (problems.length > 0) {
      throw new ResultsStoreError(ResultsStoreErrorCode.InvalidInput, problems.join('; '), {
        storeCode: 'HUB_INVALID_INPUT',
      });
    }
    return this.client.call(
      { service: LOOKUP_SERVICE, path: LOOKUP_PATH, body: toLookupRequest(input) },
      (reply) => readLookupAnswer(reply),
      { procedureCode: input.procedureCode, channel: input.channel },
    );
  }

  breakerState(): ResultsStoreBreakerState {
    return this.client.breakerState();
  }

  /** Called on every breaker transition; returns the unsubscribe function. */
  onBreakerChange(listener: (state: ResultsStoreBreakerState) => void): () => void {
    return this.client.onBreakerChange(listener);
  }

  /** The calls since the process started, for the ops console (`BreakerStateReporter`). */
  callStats(): NationalCallStats {
    return this.client.callStats();
  }

  close(): void {
    this.client.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}
