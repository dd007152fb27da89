/**
 * A minimal keep-alive HTTP/1.1 GET client for the load driver (loopback
 * only). Node's own `http` with a bounded keep-alive agent: no extra
 * dependency, and the driver controls pacing and timing itself.
 */
import http from 'node:http';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  /** The body, only when asked for (most benchmark calls just count bytes). */
  body?: string;
}

export interface HttpClientOptions {
  /** Sockets kept open to the target (≥ the concurrency of the run). */
  maxSockets: number;
  timeoutMs?: number;
}

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: HttpClientOptions) {
    this.base = new URL(baseUrl);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(this.base.hostname)) {
      throw new Error(`Benchmarks run against loopback only (got ${this.base.hostname})`);
    }
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets });
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  get(path: string, headers: Record<string, string> = {}, keepBody = false): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          path,
          method: 'GET',
          agent: this.agent,
          headers,
          timeout: this.timeoutMs,
        },
        (res) => {
          let bytes = 0;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (keepBody) chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              bytes,
              ...(keepBody ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${this.timeoutMs} ms: GET ${path}`)));
      req.on('error', reject);
      req.end();
    });
  }

  async json<T>(path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: T }> {
    const reply = await this.get(path, { accept: 'application/json' }, true);
    return { status: reply.status, headers: reply.headers, body: JSON.parse(reply.body ?? 'null') as T };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Polls until GET path answers 200 (a service that is still starting), or throws after timeoutMs. */
export async function waitForHttp(baseUrl: string, path: string, timeoutMs = 60_000): Promise<void> {
  const client = new HttpClient(baseUrl, { maxSockets: 1, timeoutMs: 2000 });
  const deadline = Date.now() + timeoutMs;
  let last = '';
  try {
    while (Date.now() < deadline) {
      try {
        const reply = await client.get(path);
        if (reply.status === 200) return;
        last = `status ${reply.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    client.close();
  }
  throw new Error(`${baseUrl}${path} not ready after ${timeoutMs} ms (${last})`);
}
