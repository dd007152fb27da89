import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  LawListInputSchema,
  SearchInputSchema,
  SfsNumberSchema,
  type LawListResult,
  type LawMetadata,
  type SearchResult,
} from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { unwrap } from '../http/http-errors';
import { ZodPipe } from '../http/zod-query';
import { ResponseCache, type CachedResponse } from '../cache/response-cache.service';
import { openApiSchema } from '../openapi';

const LAW_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

const SearchQuerySchema = z.object({
  q: z.string({ error: 'Ange en sökfråga (q)' }),
  page: z.coerce.number({ error: 'page måste vara ett heltal' }).int().optional(),
  pageSize: z.coerce.number({ error: 'pageSize måste vara ett heltal' }).int().optional(),
}).pipe(SearchInputSchema);

const ListQuerySchema = z.object({
  cursor: z.string().max(64).nullable().optional(),
  limit: z.coerce.number({ error: 'limit måste vara ett heltal' }).int().optional(),
}).pipe(LawListInputSchema);

@ApiTags('laws')
@Controller()
export class LawsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly cache: ResponseCache,
  ) {}

  @Get('laws')
  @ApiOperation({ summary: 'Sök i författningar (fritext, SFS-nummer eller paragrafhänvisning)' })
  @ApiQuery({ name: 'q', required: true, example: 'semesterdagar' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ApiResponse({ status: 200, schema: openApiSchema('SearchResult') })
  @Header('Cache-Control', 'public, max-age=60')
  async search(@Query(new ZodPipe(SearchQuerySchema)) query: z.output<typeof SearchQuerySchema>): Promise<SearchResult> {
    return unwrap(await this.rpc.call('law-catalog', 'laws.search', query));
  }

  @Get('laws-index')
  @ApiOperation({ summary: 'Alla författningar i SFS-ordning, med markör (för sitemap)' })
  @ApiResponse({ status: 200, schema: openApiSchema('LawListResult') })
  @Header('Cache-Control', 'public, max-age=300')
  async index(@Query(new ZodPipe(ListQuerySchema)) query: z.output<typeof ListQuerySchema>): Promise<LawListResult> {
    return unwrap(await this.rpc.call('law-catalog', 'laws.list', query, { timeoutMs: 15_000 }));
  }

  @Get('laws/:sfs')
  @ApiOperation({ summary: 'En författning med struktur, metadata och version' })
  @ApiParam({ name: 'sfs', example: '1977:1160' })
  @ApiResponse({ status: 200, schema: openApiSchema('LawDocument') })
  @ApiResponse({ status: 304, description: 'Oförändrad (If-None-Match)' })
  @ApiResponse({ status: 400, description: 'Ogiltigt SFS-nummer' })
  @ApiResponse({ status: 404, description: 'Okänt SFS-nummer' })
  async get(
    @Param('sfs', new ZodPipe(SfsNumberSchema)) sfs: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.serveCached(req, res, this.cache.keysFor(sfs).document, async () => {
      const doc = unwrap(await this.rpc.call('law-catalog', 'laws.get', { sfs }));
      // The ETag of a law is its version's content hash: same text, same tag, on every replica.
      return { etag: `"${doc.version.contentHash.slice(0, 32)}"`, body: JSON.stringify(doc) };
    });
  }

  @Get('laws/:sfs/meta')
  @ApiOperation({ summary: 'Metadata och aktuell version (billig; för cache-nycklar)' })
  @ApiResponse({ status: 200, schema: openApiSchema('LawMetadata') })
  @Header('Cache-Control', 'public, max-age=30')
  async meta(@Param('sfs', new ZodPipe(SfsNumberSchema)) sfs: string): Promise<LawMetadata> {
    return unwrap(await this.rpc.call('law-catalog', 'laws.meta', { sfs }));
  }

  @Get('laws/:sfs/amendments')
  @ApiOperation({ summary: 'Ändringsregistret för en författning' })
  @ApiResponse({ status: 200, schema: openApiSchema('Amendments') })
  async amendments(
    @Param('sfs', new ZodPipe(SfsNumberSchema)) sfs: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.serveCached(req, res, this.cache.keysFor(sfs).amendments, async () => {
      const body = JSON.stringify(unwrap(await this.rpc.call('law-catalog', 'laws.amendments', { sfs })));
      return { etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`, body };
    });
  }

  /** Serves a cached JSON body with ETag/304, loading and caching it on a miss. */
  private async serveCached(req: Request, res: Response, key: string, load: () => Promise<CachedResponse>): Promise<void> {
    let entry = await this.cache.get(key);
    res.setHeader('X-Cache', entry ? 'HIT' : 'MISS');
    if (!entry) {
      entry = await load();
      await this.cache.set(key, entry);
    }
    res.setHeader('ETag', entry.etag);
    res.setHeader('Cache-Control', LAW_CACHE_CONTROL);
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).type('application/json; charset=utf-8').send(entry.body);
  }
}
