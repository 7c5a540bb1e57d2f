import { parseBrokerList, parseMockBootstrap } from '@hub/testing';

describe('parseMockBootstrap', () => {
  it('reads the listeners librdkafka announces on stderr', () => {
    const stderr =
      '%5|1795377768.673|MOCK|rdkafka#consumer-1| [thrd:app]: Mock cluster enabled: original bootstrap.servers and security.protocol ignored and replaced with 127.0.0.1:35743\n';
    expect(parseMockBootstrap(stderr)).toEqual(['127.0.0.1:35743']);
  });

  it('is undefined until the line is there', () => {
    expect(parseMockBootstrap('%7|...|INIT| starting\n')).toBeUndefined();
  });
});

describe('parseBrokerList', () => {
  it('splits KAFKA_BROKERS, ignoring blanks', () => {
    expect(parseBrokerList(' a:9092, b:9092 ,,')).toEqual(['a:9092', 'b:9092']);
    expect(parseBrokerList(undefined)).toEqual([]);
  });
});
