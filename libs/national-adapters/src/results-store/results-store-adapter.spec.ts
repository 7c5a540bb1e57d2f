import { Test } from '@nestjs/testing';
import { NationalAdaptersModule } from '../national-adapters.module';
import { ResultsStoreAdapter } from './results-store-adapter';
import { ResultsStoreError, ResultsStoreErrorCode } from './results-store-errors';
import type { ResultsStoreAdapterOptions } from './results-store-options';
import { lookupInput, registrationInput } from './test/results-store-fixtures';

// Never called: nothing listens on port 9, and these specs never get past the input checks.
const options: ResultsStoreAdapterOptions = {
  baseUrl: 'http://127.0.0.1:9/khoketqua/api/v1',
  callerCode: '000.00.01.H26',
};

describe('ResultsStoreAdapter without the store', () => {
  let adapter: ResultsStoreAdapter;

  beforeEach(() => {
    adapter = new ResultsStoreAdapter(options);
  });

  afterEach(() => adapter.close());

  it('is provided by NationalAdaptersModule and closed with it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [NationalAdaptersModule.forResultsStore(options)],
    }).compile();
    const provided = moduleRef.get(ResultsStoreAdapter);
    expect(provided.breakerState()).toBe('closed');
    const close = jest.spyOn(provided, 'close');
    await moduleRef.close();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('rejects a malformed registration as a value, without calling the store', async () => {
    await expect(adapter.register(registrationInput({ files: [] }))).resolves.toEqual({
      kind: 'rejected',
      code: 'HUB_INVALID_INPUT',
      message: 'files must list at least one file',
    });
  });

  it('throws a permanent InvalidInput for a malformed lookup', async () => {
    const failure = adapter.lookup(lookupInput({ ownerId: 'not-an-id' }));
    await expect(failure).rejects.toBeInstanceOf(ResultsStoreError);
    await expect(failure).rejects.toMatchObject({
      code: ResultsStoreErrorCode.InvalidInput,
      transient: false,
    });
  });

  it('needs a caller code', () => {
    expect(() => new ResultsStoreAdapter({ ...options, callerCode: ' ' })).toThrow(/callerCode/);
  });
});
