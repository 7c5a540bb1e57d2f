import { Injectable, type PipeTransform } from '@nestjs/common';
import type { ConsumedRecord } from '../kafka';
import { BatchFailure, type RecordFieldError } from './batch-failure';

/** A record read into what the handler works with, or its bad fields. */
export type RecordReading<T> =
  | { ok: true; value: T }
  | { ok: false; errors: readonly RecordFieldError[] };

export type RecordReader<T> = (record: ConsumedRecord) => RecordReading<T>;

/**
 * Reads every record of a batch once, before the handler sees it
 * (`@Payload(new ReadableRecordsPipe(code, reader))`), and hands the handler what was read. A
 * record its reader refuses fails the batch as a dead letter with `code` and the fields named:
 * the transport then handles the batch one record at a time and sets the unreadable one aside on
 * hub.dead-letters.v1, instead of the handler skipping it with only a log line.
 */
@Injectable()
export class ReadableRecordsPipe<T> implements PipeTransform<ConsumedRecord[], T[]> {
  constructor(
    private readonly code: string,
    private readonly read: RecordReader<T>,
  ) {}

  transform(records: ConsumedRecord[]): T[] {
    return records.map((record) => {
      const reading = this.read(record);
      if (reading.ok) return reading.value;
      throw new BatchFailure(
        'dead-letter',
        this.code,
        `record at ${record.topic}/${record.partition}@${record.offset} cannot be read`,
        [...reading.errors],
      );
    });
  }
}
