import type { DeadLetter } from '@hub/read-models';
import { GetDeadLettersHandler } from './get-dead-letters.handler';

const deadLetter = (eventId: string, procedureCode: string | null): DeadLetter => ({
  eventId,
  caseCode: `000.00.01.H26-261201-${eventId.padStart(5, '0')}`,
  department: 'STP',
  procedureCode,
  sequence: 1,
  eventType: 'case.received',
  attempts: 3,
  errorCode: 'PORTAL_REJECTED:5',
  errorMessage: 'Hồ sơ bị từ chối',
  deadAt: new Date('2026-12-01T10:00:00Z'),
  acceptedAt: new Date('2026-12-01T09:59:00Z'),
  waitingBehind: 0,
});

describe('GetDeadLettersHandler', () => {
  it('passes the filter on and names the page with one catalog lookup', async () => {
    const page = [deadLetter('1', '1.001193'), deadLetter('2', '1.001193'), deadLetter('3', null)];
    const status = { deadLetters: jest.fn(() => Promise.resolve(page)) };
    const catalog = {
      names: jest.fn(() => Promise.resolve({ '1.001193': 'Thủ tục đăng ký khai sinh' })),
    };
    const filter = { department: 'STP', limit: 100, offset: 0 };

    const items = await new GetDeadLettersHandler(status, catalog).execute(filter);

    expect(status.deadLetters).toHaveBeenCalledWith(filter);
    expect(catalog.names).toHaveBeenCalledTimes(1);
    expect(items.map((d) => [d.eventId, d.procedureName])).toEqual([
      ['1', 'Thủ tục đăng ký khai sinh'],
      ['2', 'Thủ tục đăng ký khai sinh'],
      ['3', null],
    ]);
  });
});
