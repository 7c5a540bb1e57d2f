/**
 * What the hub's Kafka transport does with a batch whose handler failed:
 * - `retry`: the same batch again, with backoff; nothing is committed, the partition waits. Only
 *   for transient infrastructure faults (Postgres or the broker unreachable, a timeout, a lock).
 * - `dead-letter`: the failure belongs to a record, not to the moment: the transport finds the
 *   record (one at a time), hands it to the dead-letter sink, and the partition moves on.
 */
export type BatchDisposition = 'retry' | 'dead-letter';

/** One bad field of a record, named as the HTTP problem documents name them. */
export interface RecordFieldError {
  path: string;
  message: string;
}

/** The exception filter's verdict on one failure, read by the transport (never its message). */
export class BatchFailure extends Error {
  constructor(
    readonly disposition: BatchDisposition,
    /** The error's code (an app's error code, a Postgres SQLSTATE), or 'UNKNOWN'. */
    readonly code: string,
    message: string,
    /** The fields that made the record unusable, when the handler knows them. */
    readonly errors: readonly RecordFieldError[] = [],
  ) {
    super(message);
    this.name = 'BatchFailure';
  }
}
