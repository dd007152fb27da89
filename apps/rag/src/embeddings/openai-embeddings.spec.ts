import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAIEmbeddingProvider } from './openai-embeddings';

interface EmbeddingRequest {
  input: string[] | string;
  model: string;
  dimensions?: number;
  encoding_format?: string;
}

/** A loopback server speaking OpenAI's /v1/embeddings; `failures` answers 429 that many times first. */
class FakeOpenAI {
  requests: EmbeddingRequest[] = [];
  authorizations: string[] = [];
  failures = 0;
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      this.authorizations.push(req.headers.authorization ?? '');
      const parsed = JSON.parse(body) as EmbeddingRequest;
      this.requests.push(parsed);
      if (this.failures > 0) {
        this.failures--;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }));
        return;
      }
      const inputs = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
      const dim = parsed.dimensions ?? 8;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          model: parsed.model,
          data: inputs.map((text, index) => ({
            object: 'embedding',
            index,
            embedding: Array.from({ length: dim }, (_, i) => (i === text.length % dim ? 1 : 0)),
          })),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        }),
      );
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }
  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('OpenAIEmbeddingProvider (real @langchain/openai against a loopback server)', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests = [];
    server.authorizations = [];
    server.failures = 0;
  });

  const provider = (batchSize = 128) =>
    new OpenAIEmbeddingProvider({ apiKey: 'sk-test', model: 'text-embedding-3-small', dimensions: 384, baseURL: server.url, batchSize });

  it('sends model, dimensions and key, and returns one vector per text in order', async () => {
    const vectors = await provider().embed(['a', 'bb', 'ccc']);
    expect(vectors).toHaveLength(3);
    expect(vectors.map((v) => v.indexOf(1))).toEqual([1, 2, 3]);
    expect(vectors[0]).toHaveLength(384);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ model: 'text-embedding-3-small', dimensions: 384, input: ['a', 'bb', 'ccc'] });
    expect(server.authorizations[0]).toBe('Bearer sk-test');
  });

  it('batches large inputs', async () => {
    const vectors = await provider(2).embed(['a', 'b', 'c', 'd', 'e']);
    expect(vectors).toHaveLength(5);
    expect(server.requests.map((r) => (r.input as string[]).length)).toEqual([2, 2, 1]);
  });

  it('retries a 429 and then succeeds', async () => {
    server.failures = 1;
    const vectors = await provider().embed(['hej']);
    expect(vectors).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects vectors of the wrong dimension', async () => {
    const p = new OpenAIEmbeddingProvider({ apiKey: 'k', model: 'm', dimensions: 384, baseURL: server.url });
    // The server answers with the requested dimension; ask a provider that expects another one.
    Object.defineProperty(p, 'dimension', { value: 16 });
    await expect(p.embed(['x'])).rejects.toThrow(/dimension 384, expected 16/);
  });

  it('does not call the endpoint for an empty list', async () => {
    expect(await provider().embed([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});
