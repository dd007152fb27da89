import type { RequestHandler } from 'express';
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1); never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const connectionTokens = String(headers['connection'] ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || connectionTokens.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

export interface ProxyLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Streams `/api/*` to the gateway unchanged (method, path, query, body,
 * status, headers), so the browser can call relative `/api/v1/...`. Bodies are
 * piped both ways, which keeps Server-Sent Events streaming; a client that goes
 * away aborts the upstream request.
 */
export function gatewayProxy(target: string, log: ProxyLogger): RequestHandler {
  const upstream = new URL(target);
  const client = upstream.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 256 });

  return (req, res) => {
    const path = req.originalUrl;
    // Only origin-form paths: "//host/..." must never select another upstream.
    if (!path.startsWith('/') || path.startsWith('//')) {
      res.status(400).json({ statusCode: 400, code: 'INVALID_INPUT', message: 'Ogiltig sökväg.' });
      return;
    }
    const headers = forwardable(req.headers);
    headers['host'] = upstream.host;
    const priorFor = req.headers['x-forwarded-for'];
    const remote = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = priorFor ? `${String(priorFor)}, ${remote}` : remote;
    headers['x-forwarded-host'] ??= req.headers.host ?? '';
    headers['x-forwarded-proto'] ??= req.protocol;

    const upstreamReq = client.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port || undefined,
        method: req.method,
        path,
        headers,
        agent,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, forwardable(upstreamRes.headers));
        upstreamRes.pipe(res);
      },
    );

    upstreamReq.on('error', (error) => {
      log.warn({ err: error.message, path: req.path }, 'gateway proxy error');
      if (!res.headersSent) {
        res.status(502).json({ statusCode: 502, code: 'UNAVAILABLE', message: 'Tjänsten är inte tillgänglig just nu. Försök igen om en stund.' });
      } else {
        res.destroy();
      }
    });
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
  };
}
