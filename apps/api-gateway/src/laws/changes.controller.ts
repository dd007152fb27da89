import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  ChangesListInputSchema,
  ChangesPageSchema,
  LawChangeSchema,
  LawDiffSchema,
  LawVersionsSchema,
  LawChangeKindSchema,
  SfsNumberSchema,
  type ChangesPage,
  type LawChange,
  type LawDiff,
  type LawVersions,
} from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { RpcClient } from '@laglig/messaging';
import { unwrap } from '../http/http-errors';
import { UuidParam, ZodPipe } from '../http/zod-query';
import { openApiOf } from './openapi-of';
import { atomFeed, stockholmDayBoundary } from './changes-feed';

/**
 * Change events move only when a sync finds something: a short shared max-age
 * keeps CDNs useful without purging on law.changed.
 */
const CHANGES_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
/** A diff between two version ids never changes (versions are immutable). */
const DIFF_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';
const FEED_ENTRIES = 50;

export const ChangesFeedEnvSchema = z.object({
  /** The web app's public origin: Atom links point to its change pages. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'PUBLIC_BASE_URL must be an http(s) URL' })
    .default('http://localhost:4000')
    .transform((v) => v.replace(/\/+$/, '')),
});

const limitParam = z.coerce.number({ error: 'limit måste vara ett heltal' }).int().optional();
const booleanParam = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} måste vara true eller false` })
    .transform((v) => v === 'true' || v === '1')
    .optional();
/** ISO timestamp with offset, or a date (a whole day in Europe/Stockholm). */
const dayOrTimestamp = (end: boolean) =>
  z
    .string()
    .trim()
    .transform((v) => stockholmDayBoundary(v, end))
    .pipe(z.string().datetime({ offset: true, error: 'Ange tid som ÅÅÅÅ-MM-DD eller ISO 8601 med tidszon' }))
    .optional();

const DiffQuerySchema = z
  .object({
    from: z.string({ error: 'Ange från-version (from)' }).uuid({ error: 'from måste vara ett versions-id (UUID)' }),
    to: z.string({ error: 'Ange till-version (to)' }).uuid({ error: 'to måste vara ett versions-id (UUID)' }),
  })
  .strict();

const LawChangesQuerySchema = z
  .object({
    cursor: z.string().max(200).nullable().optional(),
    limit: limitParam,
  })
  .strict()
  .pipe(ChangesListInputSchema);

const ChangesQuerySchema = z
  .object({
    since: dayOrTimestamp(false),
    until: dayOrTimestamp(true),
    substantive: booleanParam('substantive'),
    kind: LawChangeKindSchema.optional(),
    cursor: z.string().max(200).nullable().optional(),
    limit: limitParam,
  })
  .strict()
  .pipe(ChangesListInputSchema);

/**
 * The public change history (`laws.versions`, `laws.diff`, `changes.list`,
 * `changes.get` of law-catalog): JSON for the web pages and integrations, and
 * an Atom feed per statute for feed readers.
 */
@ApiTags('changes')
@Controller()
export class ChangesController {
  private readonly env = loadConfig(ChangesFeedEnvSchema);

  constructor(private readonly rpc: RpcClient) {}

  @Get('laws/:sfs/versions')
  @ApiOperation({ summary: 'En författnings versioner (nyaste först)' })
  @ApiParam({ name: 'sfs', example: '1977:1160' })
  @ApiResponse({ status: 200, schema: openApiOf(LawVersionsSchema) })
  @ApiResponse({ status: 400, description: 'Ogiltigt SFS-nummer' })
  @ApiResponse({ status: 404, description: 'Okänt SFS-nummer' })
  @Header('Cache-Control', CHANGES_CACHE_CONTROL)
  async versions(@Param('sfs', new ZodPipe(SfsNumberSchema)) sfs: string): Promise<LawVersions> {
    return unwrap(await this.rpc.call('law-catalog', 'laws.versions', { sfs }));
  }

  @Get('laws/:sfs/diff')
  @ApiOperation({ summary: 'Ordvis jämförelse mellan två versioner (bara ändrade paragrafer)' })
  @ApiParam({ name: 'sfs', example: '1977:1160' })
  @ApiQuery({ name: 'from', required: true, description: 'versions-id' })
  @ApiQuery({ name: 'to', required: true, description: 'versions-id' })
  @ApiResponse({ status: 200, schema: openApiOf(LawDiffSchema) })
  @ApiResponse({ status: 404, description: 'Okänd författning eller version' })
  @Header('Cache-Control', DIFF_CACHE_CONTROL)
  async diff(
    @Param('sfs', new ZodPipe(SfsNumberSchema)) sfs: string,
    @Query(new ZodPipe(DiffQuerySchema)) query: z.output<typeof DiffQuerySchema>,
  ): Promise<LawDiff> {
    return unwrap(await this.rpc.call('law-catalog', 'laws.diff', { sfs, from: query.from, to: query.to }));
  }

  @Get('laws/:sfs/changes')
  @ApiOperation({ summary: 'En författnings ändringshändelser (nyaste först, med markör)' })
  @ApiParam({ name: 'sfs', example: '1977:1160' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiResponse({ status: 200, schema: openApiOf(ChangesPageSchema) })
  @ApiResponse({ status: 404, description: 'Okänt SFS-nummer' })
  @Header('Cache-Control', CHANGES_CACHE_CONTROL)
  async lawChanges(
    @Param('sfs', new ZodPipe(SfsNumberSchema)) sfs: string,
    @Query(new ZodPipe(LawChangesQuerySchema)) query: z.output<typeof LawChangesQuerySchema>,
  ): Promise<ChangesPage> {
    const input = { ...query, sfs: [sfs], cursor: query.cursor ?? null };
    // The version list answers NOT_FOUND for an unknown statute (an empty change list would not).
    const [versions, page] = await Promise.all([this.rpc.call('law-catalog', 'laws.versions', { sfs }), this.rpc.call('law-catalog', 'changes.list', input)]);
    unwrap(versions);
    return unwrap(page);
  }

  @Get('laws/:sfs/changes.atom')
  @ApiOperation({ summary: 'Atom-flöde med en författnings senaste ändringar' })
  @ApiParam({ name: 'sfs', example: '1977:1160' })
  @ApiProduces('application/atom+xml')
  @ApiResponse({ status: 200, description: 'Atom 1.0' })
  @ApiResponse({ status: 404, description: 'Okänt SFS-nummer' })
  async atom(@Param('sfs', new ZodPipe(SfsNumberSchema)) sfs: string, @Res() res: Response): Promise<void> {
    const [versionsResult, pageResult] = await Promise.all([
      this.rpc.call('law-catalog', 'laws.versions', { sfs }),
      this.rpc.call('law-catalog', 'changes.list', { sfs: [sfs], cursor: null, limit: FEED_ENTRIES }),
    ]);
    const versions = unwrap(versionsResult);
    const page = unwrap(pageResult);
    const current = versions.items.find((v) => v.current) ?? versions.items[0];
    const xml = atomFeed({
      sfs: versions.sfs,
      title: versions.title,
      baseUrl: this.env.PUBLIC_BASE_URL,
      changes: page.items,
      fallbackUpdated: current?.createdAt ?? new Date(0).toISOString(),
    });
    res.status(200);
    res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
    res.setHeader('Cache-Control', CHANGES_CACHE_CONTROL);
    res.send(xml);
  }

  @Get('changes')
  @ApiOperation({ summary: 'Alla ändringshändelser i katalogen (nyaste först, med markör)' })
  @ApiQuery({ name: 'since', required: false, description: 'ÅÅÅÅ-MM-DD eller ISO 8601 med tidszon (upptäckt från)' })
  @ApiQuery({ name: 'until', required: false, description: 'ÅÅÅÅ-MM-DD eller ISO 8601 med tidszon (upptäckt till)' })
  @ApiQuery({ name: 'substantive', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'kind', required: false, enum: LawChangeKindSchema.options })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiResponse({ status: 200, schema: openApiOf(ChangesPageSchema) })
  @Header('Cache-Control', CHANGES_CACHE_CONTROL)
  async list(@Query(new ZodPipe(ChangesQuerySchema)) query: z.output<typeof ChangesQuerySchema>): Promise<ChangesPage> {
    return unwrap(await this.rpc.call('law-catalog', 'changes.list', query));
  }

  @Get('changes/:id')
  @ApiOperation({ summary: 'En ändringshändelse' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, schema: openApiOf(LawChangeSchema) })
  @ApiResponse({ status: 404, description: 'Okänd ändring' })
  @Header('Cache-Control', CHANGES_CACHE_CONTROL)
  async get(@Param('id', new ZodPipe(UuidParam)) id: string): Promise<LawChange> {
    return unwrap(await this.rpc.call('law-catalog', 'changes.get', { id }));
  }
}
