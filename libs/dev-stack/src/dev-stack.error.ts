/** Why a piece of the dev stack could not be provided; callers branch on the code, not the text. */
export enum DevStackErrorCode {
  KafkaUnavailable = 'KAFKA_UNAVAILABLE',
  PostgresUnavailable = 'POSTGRES_UNAVAILABLE',
  InstallFailed = 'INSTALL_FAILED',
  PortInUse = 'PORT_IN_USE',
  AppNotBuilt = 'APP_NOT_BUILT',
  AppNotReady = 'APP_NOT_READY',
  AppExited = 'APP_EXITED',
  ProcessStartFailed = 'PROCESS_START_FAILED',
  MigrationFailed = 'MIGRATION_FAILED',
}

export class DevStackError extends Error {
  constructor(
    readonly code: DevStackErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DevStackError';
  }
}
