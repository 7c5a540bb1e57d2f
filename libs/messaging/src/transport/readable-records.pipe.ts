import { Injectable, type PipeTransform } from '@nestjs/common';
import type { ConsumedRecord } from '../kafka';
import { BatchFailure, type RecordFieldError } from './batch-failure';

/** Why a record cannot be read (its bad fields), or undefined when it can. */
export type RecordReader = (record: ConsumedRecord) => readonly RecordFieldError[] | undefined;

/**
 * Checks every record of a batch before the handler sees it (`@Payload(new ReadableRecordsPipe(...))`).
 * A record its reader refuses fails the batch as a dead letter with `code` and the fields named:
 * the transport then handles the batch one record at a time and sets the unreadable one aside on
 * hub.dead-letters.v1, instead of the handler skipping it with only a log line.
 */
@Injectable()
export class ReadableRecordsPipe implements PipeTransform<ConsumedRecord[], ConsumedRecord[]> {
  constructor(
    private readonly code: string,
    private readonly read: RecordReader,
  ) {}

  transform(records: ConsumedRecord[]): ConsumedRecord[] {
    for (const record of records) {
      const errors = this.read(record);
      if (errors) {
        throw new BatchFailure(
          'dead-letter',
          this.code,
          `record at ${record.topic}/${record.partition}@${record.offset} cannot be read`,
          errors,
        );
      }
    }
    return records;
  }
}
