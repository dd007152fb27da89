import { FakeOpenAI } from '../testing/fake-openai';
import { EmbeddingError, OpenAIEmbeddingProvider, type OpenAIEmbeddingOptions } from './openai-embeddings';

describe('OpenAIEmbeddingProvider (real @langchain/openai against a loopback server)', () => {
  const server = new FakeOpenAI();
  const providers: OpenAIEmbeddingProvider[] = [];
  beforeAll(async () => {
    await server.start();
    // Warm up (module loading, undici's first connection) so the short deadlines below measure the server only.
    const warm = new OpenAIEmbeddingProvider({ apiKey: 'k', model: 'm', dimensions: 8, baseURL: server.url });
    await warm.embed(['warm-up']);
    warm.close();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());
  afterEach(() => providers.splice(0).forEach((p) => p.close()));

  const provider = (options: Partial<OpenAIEmbeddingOptions> = {}) => {
    const p = new OpenAIEmbeddingProvider({
      apiKey: 'sk-test',
      model: 'text-embedding-3-small',
      dimensions: 384,
      baseURL: server.url,
      ...options,
    });
    providers.push(p);
    return p;
  };
  const rejection = (promise: Promise<unknown>): Promise<EmbeddingError> =>
    promise.then(
      () => {
        throw new Error('expected a rejection');
      },
      (err: unknown) => {
        expect(err).toBeInstanceOf(EmbeddingError);
        return err as EmbeddingError;
      },
    );

  it('sends model, dimensions and key, and returns one vector per text in order', async () => {
    const vectors = await provider().embed(['a', 'bb', 'ccc']);
    expect(vectors).toHaveLength(3);
    expect(vectors.map((v) => v.indexOf(1))).toEqual([1, 2, 3]);
    expect(vectors[0]).toHaveLength(384);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].path).toBe('/v1/embeddings');
    expect(server.requests[0].body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 384, input: ['a', 'bb', 'ccc'] });
    expect(server.requests[0].authorization).toBe('Bearer sk-test');
  });

  it('batches large inputs', async () => {
    const vectors = await provider({ batchSize: 2 }).embed(['a', 'b', 'c', 'd', 'e']);
    expect(vectors).toHaveLength(5);
    expect(server.requests.map((r) => (r.body['input'] as string[]).length).sort()).toEqual([1, 2, 2]);
  });

  it('retries a 429 and then succeeds', async () => {
    server.failNext(1, 429, { retryAfter: '0' });
    const vectors = await provider().embed(['hej']);
    expect(vectors).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects vectors of the wrong dimension', async () => {
    const p = provider({ apiKey: 'k', model: 'm' });
    // The server answers with the requested dimension; ask a provider that expects another one.
    Object.defineProperty(p, 'dimension', { value: 16 });
    await expect(p.embed(['x'])).rejects.toThrow(/dimension 384, expected 16/);
  });

  it('does not call the endpoint for an empty list', async () => {
    expect(await provider().embed([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('a hanging server fails the call with TIMEOUT at the deadline and the request is aborted', async () => {
    server.script({ kind: 'hang' });
    const err = await rejection(provider({ timeoutMs: 300, maxRetries: 4 }).embed(['hej']));
    expect(err.code).toBe('TIMEOUT');
    expect(server.requests).toHaveLength(1);
    await server.requests[0].closed;
    expect(server.requests[0].abortedByClient).toBe(true);
  });

  it('a 401 is REJECTED at once (no retry) and does not open the breaker', async () => {
    server.failNext(3, 401);
    const p = provider({ breakerThreshold: 2 });
    for (let i = 0; i < 3; i++) expect((await rejection(p.embed(['x']))).code).toBe('REJECTED');
    expect(server.requests).toHaveLength(3);
    expect(p.breaker.state).toBe('closed');
  });

  it('opens the breaker after repeated failures, then fails fast without calling the server; a probe closes it', async () => {
    const p = provider({ maxRetries: 0, breakerThreshold: 3, breakerResetMs: 200 });
    server.failNext(3, 500);
    for (let i = 0; i < 3; i++) expect((await rejection(p.embed(['x']))).code).toBe('UNAVAILABLE');
    expect(server.requests).toHaveLength(3);
    expect(p.breaker.state).toBe('open');

    const fast = await rejection(p.embed(['x']));
    expect(fast.code).toBe('UNAVAILABLE');
    expect(fast.message).toMatch(/breaker/);
    expect(server.requests).toHaveLength(3);

    await new Promise<void>((resolve) => {
      const off = p.breaker.onStateChange((state) => state === 'half-open' && (off(), resolve()));
    });
    expect(await p.embed(['probe'])).toHaveLength(1);
    expect(server.requests).toHaveLength(4);
    expect(p.breaker.state).toBe('closed');
  });
});
