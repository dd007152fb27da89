import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { gatewayProxy } from './gateway-proxy';

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function upstream(): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.startsWith('/api/v1/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
        res.write('data: ett\n\n');
        setTimeout(() => res.end('data: två\n\n'), 20);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json', 'x-correlation-id': 'abc12345', 'keep-alive': 'timeout=5' });
      res.end(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const log = { warn: () => undefined };

describe('gatewayProxy', () => {
  it('forwards method, path, query, body and headers, and relays status and body', async () => {
    const up = await upstream();
    const app = express();
    app.use('/api', gatewayProxy(up.url, log));
    const res = await request(app)
      .post('/api/v1/laws/1999:9999?x=1')
      .set('Content-Type', 'application/json')
      .set('Authorization', 'Bearer t')
      .send({ a: 1 });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' });
    expect(res.headers['x-correlation-id']).toBe('abc12345');
    const seen = up.seen[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/api/v1/laws/1999:9999?x=1');
    expect(seen?.body).toBe('{"a":1}');
    expect(seen?.headers['authorization']).toBe('Bearer t');
    expect(seen?.headers['host']).toBe(new URL(up.url).host);
    expect(seen?.headers['x-forwarded-for']).toBeDefined();
    await up.close();
  });

  it('streams event streams through', async () => {
    const up = await upstream();
    const app = express();
    app.use('/api', gatewayProxy(up.url, log));
    const res = await request(app).get('/api/v1/stream');
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.text).toBe('data: ett\n\ndata: två\n\n');
    await up.close();
  });

  it('answers 502 in Swedish when the gateway is down', async () => {
    const app = express();
    app.use('/api', gatewayProxy('http://127.0.0.1:9', log));
    const res = await request(app).get('/api/v1/laws');
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('UNAVAILABLE');
  });
});
