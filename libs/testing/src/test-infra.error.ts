/**
 * Why a piece of test infrastructure (a broker, a database, a watched process) could not be
 * provided; callers branch on the code, not the text.
 */
export enum TestInfraErrorCode {
  KafkaUnavailable = 'KAFKA_UNAVAILABLE',
  PostgresUnavailable = 'POSTGRES_UNAVAILABLE',
  InstallFailed = 'INSTALL_FAILED',
  ProcessStartFailed = 'PROCESS_START_FAILED',
}

export class TestInfraError extends Error {
  constructor(
    readonly code: TestInfraErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TestInfraError';
  }
}
