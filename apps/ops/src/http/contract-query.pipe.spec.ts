import { seriesQuerySchema } from '@hub/contracts';
import { ProblemException } from '@hub/observability';
import { ContractQueryPipe } from './contract-query.pipe';

describe('ContractQueryPipe', () => {
  const pipe = new ContractQueryPipe(seriesQuerySchema);

  it('passes a valid query through, and an absent parameter as absent', () => {
    expect(pipe.transform({ range: '7d' })).toEqual({ range: '7d' });
    expect(pipe.transform({})).toEqual({});
    expect(pipe.transform(undefined)).toEqual({});
  });

  it.each([
    [{ range: '2h' }],
    [{ range: '' }],
    [{ range: ['1h', '24h'] }], // given twice
  ])('refuses %j with 400 naming query.range', (query) => {
    let thrown: unknown;
    try {
      pipe.transform(query);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    expect(thrown).toMatchObject({
      status: 400,
      code: 'INVALID_QUERY',
      errors: [{ path: 'query.range' }],
    });
  });
});
