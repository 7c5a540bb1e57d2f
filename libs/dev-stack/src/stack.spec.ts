import { parseKeyList } from '@hub/dev-stack';

describe('parseKeyList', () => {
  it('maps DEPT:key pairs, keeping colons inside keys', () => {
    expect(parseKeyList('STP:demo-key-stp, SXD:a:b')).toEqual({ STP: 'demo-key-stp', SXD: 'a:b' });
  });
});
