import { describe, expect, it } from 'vitest';
import { murmur2, partitionFor } from '../../eventlog/index.ts';

describe('partitionFor', () => {
  it('is Kafka\'s murmur2: the test vectors of Kafka\'s own UtilsTest', () => {
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
  });

  it('puts a key always in the same partition, and spreads keys over all partitions', () => {
    expect(partitionFor('l-42', 3)).toBe(partitionFor('l-42', 3));
    const used = new Set(Array.from({ length: 100 }, (_, i) => partitionFor(`l-${i}`, 3)));
    expect(used).toEqual(new Set([0, 1, 2]));
  });
});
