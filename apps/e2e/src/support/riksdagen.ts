import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRiksdagenServer, type RiksdagenServer } from '@laglig/testing';

/**
 * The loopback Riksdagen API the e2e stack's law-catalog syncs from, plus a
 * small control endpoint so spec files (other processes than the global
 * setup that owns the server) can publish a new consolidated version:
 *
 *   POST <controlUrl>/text  {"dokId": "sfs-1977-1160", "text": "...", "meta"?: {"undertitel": "t.o.m. SFS 2025:732"}}  → 204
 *
 * The server serves the bundled statutes (data/sfs), the same texts the
 * stack ingests at start, so a sync finds nothing new until a spec publishes.
 */
export interface ControlledRiksdagen {
  url: string;
  controlUrl: string;
  close(): Promise<void>;
}

export async function startControlledRiksdagen(): Promise<ControlledRiksdagen> {
  const riksdagen: RiksdagenServer = await startRiksdagenServer({ pageSize: 100 });
  const control: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/text') {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { dokId?: unknown; text?: unknown; meta?: unknown };
        if (typeof body.dokId !== 'string' || typeof body.text !== 'string') throw new Error('dokId and text are required');
        if (body.meta && typeof body.meta === 'object') riksdagen.setMeta(body.dokId, body.meta as Parameters<RiksdagenServer['setMeta']>[1]);
        riksdagen.setText(body.dokId, body.text);
        res.writeHead(204).end();
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : 'bad request');
      }
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  return {
    url: riksdagen.url,
    controlUrl,
    close: async () => {
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await riksdagen.close();
    },
  };
}
