/**
 * Why the dev stack could not start an app or the stack around it; callers branch on the code,
 * not the text. A broker or database that could not be provided is a TestInfraError (@hub/testing).
 */
export enum DevStackErrorCode {
  PortInUse = 'PORT_IN_USE',
  InvalidPort = 'INVALID_PORT',
  AppNotBuilt = 'APP_NOT_BUILT',
  AppNotReady = 'APP_NOT_READY',
  AppExited = 'APP_EXITED',
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
