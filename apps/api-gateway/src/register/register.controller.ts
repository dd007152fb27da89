import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import type { Actor, CompanyProfile, LawList, LawListItem, LawListSummary, Requirement, SniEntry } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { unwrap } from '../http/http-errors';
import { UuidParam, ZodPipe } from '../http/zod-query';
import {
  ExportQuery,
  ItemAddBody,
  ItemRemoveBody,
  ListCreateBody,
  ListUpdateBody,
  ProfileBody,
  RequirementCreateBody,
  RequirementQuery,
  RequirementUpdateBody,
  SniQuery,
  sendFile,
} from './register-http';

/** SNI 2007 lookup for the onboarding form (public: the list is SCB's open data). */
@ApiTags('register')
@Controller('sni')
export class SniController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Sök SNI 2007-koder på kodprefix (41.2) eller ord i benämningen (restaurang)' })
  @ApiQuery({ name: 'q', required: true, example: 'bygg' })
  @ApiQuery({ name: 'limit', required: false })
  async search(@Query(new ZodPipe(SniQuery)) query: z.output<typeof SniQuery>): Promise<{ items: SniEntry[] }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'sni.search', query));
  }
}

/**
 * The legal register of a workspace: company profile, law lists, requirements
 * and the export. Every route needs a signed-in member; reading (and
 * exporting) is open to every role, auditors included; changes need MEMBER,
 * the profile ADMIN.
 */
@ApiTags('register')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('workspaces/:workspaceId')
@ApiParam({ name: 'workspaceId', format: 'uuid' })
@ApiResponse({ status: 400, description: 'Ogiltig begäran; details.issues anger fälten' })
@ApiResponse({ status: 401, description: 'Inte inloggad' })
@ApiResponse({ status: 403, description: 'Inte medlem, eller rollen får inte ändra' })
@ApiResponse({ status: 404, description: 'Arbetsytan, listan, lagen eller kravet finns inte' })
export class RegisterController {
  constructor(private readonly rpc: RpcClient) {}

  /* ---------------------------------------------------------------- profile */

  @Get('profile')
  @ApiOperation({ summary: 'Företagsprofilen (null innan den fyllts i)' })
  async profile(@CurrentActor() actor: Actor, @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string): Promise<{ profile: CompanyProfile | null }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'profile.get', { actor, workspaceId }));
  }

  @Put('profile')
  @ApiOperation({ summary: 'Spara företagsprofilen: namn, organisationsnummer (Luhn), SNI-koder, antal anställda, screeningfrågor (ADMIN)' })
  async setProfile(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Body(new ZodPipe(ProfileBody)) profile: z.output<typeof ProfileBody>,
  ): Promise<CompanyProfile> {
    return unwrap(await this.rpc.call('compliance-workflow', 'profile.set', { actor, workspaceId, profile }));
  }

  /* ------------------------------------------------------------------ lists */

  @Get('lists')
  @ApiOperation({ summary: 'Arbetsytans laglistor med antal lagar och status för kraven' })
  async lists(@CurrentActor() actor: Actor, @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string): Promise<{ items: LawListSummary[] }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.list', { actor, workspaceId }));
  }

  @Post('lists')
  @ApiOperation({ summary: 'Ny laglista: { name, generate } — generate tar fram lagarna ur företagsprofilen med motiveringar och förslag på krav' })
  @ApiResponse({ status: 409, description: 'Namnet används redan' })
  async createList(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Body(new ZodPipe(ListCreateBody)) body: z.output<typeof ListCreateBody>,
  ): Promise<LawList> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.create', { actor, workspaceId, ...body }, { timeoutMs: 15_000 }));
  }

  @Get('lists/:listId')
  @ApiOperation({ summary: 'En laglista med lagarna, deras motiveringar och kravens status' })
  async list(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('listId', new ZodPipe(UuidParam)) listId: string,
  ): Promise<LawList> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.get', { actor, workspaceId, listId }));
  }

  @Patch('lists/:listId')
  @ApiOperation({ summary: 'Byt namn på en laglista' })
  @ApiResponse({ status: 409, description: 'Namnet används redan' })
  async updateList(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('listId', new ZodPipe(UuidParam)) listId: string,
    @Body(new ZodPipe(ListUpdateBody)) body: z.output<typeof ListUpdateBody>,
  ): Promise<LawListSummary> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.update', { actor, workspaceId, listId, ...body }));
  }

  @Delete('lists/:listId')
  @ApiOperation({ summary: 'Ta bort en laglista med dess krav och bevis' })
  async deleteList(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('listId', new ZodPipe(UuidParam)) listId: string,
  ): Promise<{ removed: true }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.delete', { actor, workspaceId, listId }));
  }

  @Post('lists/:listId/items')
  @ApiOperation({ summary: 'Lägg till en lag för hand: { ref: "1977:1160" eller "AFS 2023:1", reason }' })
  @ApiResponse({ status: 404, description: 'Listan finns inte, eller lagen finns inte i lagkatalogen' })
  @ApiResponse({ status: 409, description: 'Lagen finns redan i listan' })
  async addItem(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('listId', new ZodPipe(UuidParam)) listId: string,
    @Body(new ZodPipe(ItemAddBody)) body: z.output<typeof ItemAddBody>,
  ): Promise<LawListItem> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.items.add', { actor, workspaceId, listId, ...body }));
  }

  @Post('lists/:listId/items/:itemId/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ta bort en lag ur listan med motivering (den finns kvar som borttagen)' })
  @ApiResponse({ status: 409, description: 'Lagen är redan borttagen' })
  async removeItem(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('listId', new ZodPipe(UuidParam)) listId: string,
    @Param('itemId', new ZodPipe(UuidParam)) itemId: string,
    @Body(new ZodPipe(ItemRemoveBody)) body: z.output<typeof ItemRemoveBody>,
  ): Promise<LawListItem> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.items.remove', { actor, workspaceId, listId, itemId, ...body }));
  }

  @Post('lists/:listId/items/:itemId/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Återställ en borttagen lag' })
  @ApiResponse({ status: 409, description: 'Lagen finns redan i listan' })
  async restoreItem(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('listId', new ZodPipe(UuidParam)) listId: string,
    @Param('itemId', new ZodPipe(UuidParam)) itemId: string,
  ): Promise<LawListItem> {
    return unwrap(await this.rpc.call('compliance-workflow', 'lists.items.restore', { actor, workspaceId, listId, itemId }));
  }

  /* ----------------------------------------------------------- requirements */

  @Get('requirements')
  @ApiOperation({ summary: 'Kraven i registret, filtrerade (status inkl. UNASSESSED, ansvarig, lag, försenade, lista), med markör' })
  @ApiQuery({ name: 'status', required: false, enum: ['UPPFYLLD', 'DELVIS', 'EJ_UPPFYLLD', 'EJ_TILLAMPLIG', 'UNASSESSED'] })
  @ApiQuery({ name: 'responsibleUserId', required: false })
  @ApiQuery({ name: 'ref', required: false, example: '1977:1160' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'needsReview', required: false, enum: ['true', 'false'], description: 'Bara krav som behöver omprövas efter en lagändring' })
  @ApiQuery({ name: 'listId', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async requirements(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Query(new ZodPipe(RequirementQuery)) query: z.output<typeof RequirementQuery>,
  ): Promise<{ items: Requirement[]; nextCursor: string | null }> {
    const { cursor, limit, ...filter } = query;
    return unwrap(await this.rpc.call('compliance-workflow', 'requirements.list', { actor, workspaceId, filter, limit, cursor: cursor ?? null }));
  }

  @Post('requirements')
  @ApiOperation({ summary: 'Nytt eget krav på en lag i en lista: { itemId, title, description, anchor, responsibleUserId, reviewDate }' })
  @ApiResponse({ status: 409, description: 'Lagen är borttagen ur listan' })
  async createRequirement(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Body(new ZodPipe(RequirementCreateBody)) body: z.output<typeof RequirementCreateBody>,
  ): Promise<Requirement> {
    return unwrap(await this.rpc.call('compliance-workflow', 'requirements.create', { actor, workspaceId, ...body }));
  }

  @Get('requirements/:requirementId')
  @ApiOperation({ summary: 'Ett krav med bedömning, ansvarig och nästa granskning' })
  async requirement(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('requirementId', new ZodPipe(UuidParam)) requirementId: string,
  ): Promise<Requirement> {
    return unwrap(await this.rpc.call('compliance-workflow', 'requirements.get', { actor, workspaceId, requirementId }));
  }

  @Patch('requirements/:requirementId')
  @ApiOperation({ summary: 'Ändra ett krav: { version, …fält }; Ej tillämplig kräver motivering; inaktuell version ger 409 med details.current' })
  @ApiResponse({ status: 409, description: 'Någon annan har ändrat kravet; details.current är kravet som det är nu' })
  async updateRequirement(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('requirementId', new ZodPipe(UuidParam)) requirementId: string,
    @Body(new ZodPipe(RequirementUpdateBody)) body: z.output<typeof RequirementUpdateBody>,
  ): Promise<Requirement> {
    const { version, ...patch } = body;
    return unwrap(await this.rpc.call('compliance-workflow', 'requirements.update', { actor, workspaceId, requirementId, version, patch }));
  }

  @Delete('requirements/:requirementId')
  @ApiOperation({ summary: 'Ta bort ett krav med dess bevis' })
  async deleteRequirement(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('requirementId', new ZodPipe(UuidParam)) requirementId: string,
  ): Promise<{ removed: true }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'requirements.delete', { actor, workspaceId, requirementId }));
  }

  /* ----------------------------------------------------------------- export */

  @Get('export')
  @ApiOperation({
    summary: 'Exportera registret (Område, Lag, Krav, Ansvarig, Följer, Datum, Granskare, Kommentar, Åtgärd, Omprövning) som .xlsx eller .csv',
    description: 'Utan listId: alla listor i arbetsytan. Borttagna lagar och deras krav tas inte med. Revisorer får exportera.',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['xlsx', 'csv'] })
  @ApiQuery({ name: 'listId', required: false })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiBody({ required: false })
  async export(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Query(new ZodPipe(ExportQuery)) query: z.output<typeof ExportQuery>,
    @Res() res: Response,
  ): Promise<void> {
    const file = unwrap(await this.rpc.call('compliance-workflow', 'register.export', { actor, workspaceId, format: query.format, ...(query.listId ? { listId: query.listId } : {}) }, { timeoutMs: 30_000 }));
    sendFile(res, file);
  }
}
