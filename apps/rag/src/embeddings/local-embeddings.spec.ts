import { cosine } from './embedding-provider';
import { createEmbeddingProvider } from './embeddings.factory';
import { EmbeddingsConfigSchema } from './embedding-provider';
import { LocalEmbeddingProvider } from './local-embeddings';

describe('LocalEmbeddingProvider', () => {
  const p = new LocalEmbeddingProvider(384);
  const one = async (t: string): Promise<number[]> => (await p.embed([t]))[0];

  it('is deterministic across instances and identifies its model and dimension', async () => {
    const a = await one('Arbetsgivaren ska vidta alla åtgärder');
    const b = (await new LocalEmbeddingProvider(384).embed(['Arbetsgivaren ska vidta alla åtgärder']))[0];
    expect(a).toEqual(b);
    expect(a).toHaveLength(384);
    expect(p.id).toBe('local-hash-v1:384');
    expect(new LocalEmbeddingProvider(128).dimension).toBe(128);
  });

  it('returns L2-normalised vectors (and a zero vector for text without words)', async () => {
    const v = await one('Semesterlag (1977:480) 4 § Arbetstagare har rätt till semesterledighet om 25 dagar');
    expect(Math.sqrt(v.reduce((s, x) => s + x * x, 0))).toBeCloseTo(1, 10);
    expect((await one(' , . ')).every((x) => x === 0)).toBe(true);
  });

  it('lets compounds meet: arbetsmiljö is close to arbetsmiljölagen, far from an unrelated word', async () => {
    const base = await one('arbetsmiljö');
    const compound = cosine(base, await one('arbetsmiljölagen'));
    const unrelated = cosine(base, await one('semesterersättning'));
    expect(compound).toBeGreaterThan(0.4);
    expect(compound).toBeGreaterThan(unrelated + 0.3);
  });

  it('matches inflections through the Swedish stemmer and ignores function words', async () => {
    expect(cosine(await one('semesterdagar'), await one('semesterdag'))).toBeGreaterThan(0.7);
    expect(cosine(await one('och att det semesterdagar'), await one('semesterdagar'))).toBeCloseTo(1, 10);
  });

  it('ranks the relevant statute text above an unrelated one for a Swedish question', async () => {
    const q = await one('Hur många semesterdagar har en anställd rätt till?');
    const relevant = await one('Arbetstagare har rätt till semesterledighet om tjugofem dagar (semesterdagar) under varje semesterår.');
    const other = await one('Arbetsgivaren ska systematiskt planera, leda och kontrollera verksamheten så att arbetsmiljön uppfyller kraven.');
    expect(cosine(q, relevant)).toBeGreaterThan(cosine(q, other));
  });
});

describe('createEmbeddingProvider', () => {
  const cfg = (env: Record<string, string>) => EmbeddingsConfigSchema.parse(env);

  it('defaults to the local provider with 384 dimensions', () => {
    const p = createEmbeddingProvider(cfg({}));
    expect(p).toBeInstanceOf(LocalEmbeddingProvider);
    expect(p.dimension).toBe(384);
  });

  it('builds the openai provider from configuration', () => {
    const p = createEmbeddingProvider(
      cfg({ EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', EMBEDDINGS_MODEL: 'm' }),
    );
    expect(p.id).toBe('openai:m:384');
  });

  it('refuses a dimension the index column cannot hold and openai without a key', () => {
    expect(() => createEmbeddingProvider(cfg({ EMBEDDINGS_DIMENSIONS: '1536' }))).toThrow(/halfvec\(384\)/);
    expect(EmbeddingsConfigSchema.safeParse({ EMBEDDINGS_PROVIDER: 'openai' }).success).toBe(false);
  });
});
