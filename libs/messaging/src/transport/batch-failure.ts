/**
 * What the hub's Kafka transport does with a batch whose handler failed:
 * - `retry`: the same batch again, with backoff; nothing is committed, the partition waits. Right
 *   for whatever may pass later (Postgres down, a lock timeout) and for anything not understood.
 * - `dead-letter`: the failure belongs to a record, not to the moment: the transport finds the
 *   record (one at a time), hands it to the dead-letter sink, and the partition moves on.
 */
export type BatchDisposition = 'retry' | 'dead-letter';

/** The exception filter's verdict on one failure, read by the transport (never its message). */
export class BatchFailure extends Error {
  constructor(
    readonly disposition: BatchDisposition,
    /** The error's code (an app's error code, a Postgres SQLSTATE), or 'UNKNOWN'. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BatchFailure';
  }
}
