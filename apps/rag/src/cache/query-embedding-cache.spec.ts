import { decodeVector, encodeVector } from './query-embedding-cache';

describe('query vector encoding', () => {
  it('reads a vector from a reply buffer at any byte offset', () => {
    const vector = [0.5, -0.25, 0.125, 1e-3];
    const encoded = encodeVector(vector);
    expect(encoded).toHaveLength(16);
    for (const offset of [0, 1, 2, 3, 5]) {
      const slab = Buffer.alloc(offset + 16 + 3);
      encoded.copy(slab, offset);
      const decoded = decodeVector(slab.subarray(offset, offset + 16), 4);
      expect(decoded?.map((x) => Number(x.toFixed(6)))).toEqual(vector);
    }
  });

  it('treats a stored value of another length as absent', () => {
    expect(decodeVector(encodeVector([1, 2, 3]), 4)).toBeNull();
  });
});
