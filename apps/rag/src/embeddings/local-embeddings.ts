import { STOPWORDS, stem, words } from '../text/swedish';
import type { EmbeddingProvider } from './embedding-provider';

/**
 * Offline default: signed feature hashing (the "hashing trick") of Swedish
 * Snowball stems plus character 3–5-grams of each word, L2-normalised.
 * No network, no weights, deterministic: the same text gives the same vector
 * on every machine. Stems make "semesterdagar"/"semesterdag" meet; the
 * n-grams make compounds meet ("arbetsmiljö" / "arbetsmiljölagen").
 */
export const LOCAL_MODEL_VERSION = 'local-hash-v1';

const STEM_WEIGHT = 1;
const NGRAM_WEIGHT = 0.35;

export class LocalEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;

  constructor(readonly dimension = 384) {
    if (!Number.isInteger(dimension) || dimension < 8) throw new Error(`invalid embedding dimension ${dimension}`);
    this.id = `${LOCAL_MODEL_VERSION}:${dimension}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  embedOne(text: string): number[] {
    const v = new Float64Array(this.dimension);
    for (const word of words(text)) {
      if (STOPWORDS.has(word)) continue;
      const isNumber = /^\d/.test(word);
      this.add(v, `w:${isNumber ? word : stem(word)}`, STEM_WEIGHT);
      if (isNumber || word.length < 3) continue;
      const padded = `<${word}>`;
      for (let n = 3; n <= 5; n++) {
        for (let i = 0; i + n <= padded.length; i++) this.add(v, `g:${padded.slice(i, i + n)}`, NGRAM_WEIGHT);
      }
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    return Array.from(v, (x) => (norm === 0 ? 0 : x / norm));
  }

  private add(v: Float64Array, feature: string, weight: number): void {
    const h = fnv1a(feature);
    // Low bits choose the bucket, the top bit the sign (keeps collisions unbiased).
    const bucket = (h & 0x7fffffff) % this.dimension;
    v[bucket] += h & 0x80000000 ? -weight : weight;
  }
}

/** 32-bit FNV-1a over UTF-16 code units; stable across platforms. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
