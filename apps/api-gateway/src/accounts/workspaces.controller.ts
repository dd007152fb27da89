import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { InvitationSchema, MemberSchema, WorkspaceSchema, type Actor, type Invitation, type Member, type Workspace } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { unwrap } from '../http/http-errors';
import { UuidParam, ZodPipe } from '../http/zod-query';
import { AcceptInvitationBody, InvitationBody, jsonSchema, MemberRoleBody, WorkspaceNameBody } from './accounts-http';

const uuid = new ZodPipe(UuidParam);
const list = <T extends z.ZodType>(item: T) => jsonSchema(z.object({ items: z.array(item) }));

/**
 * Workspaces, members and invitations for the signed-in user. The actor comes
 * from the access token and the workspace from the path; compliance-workflow
 * answers 404 for a workspace that does not exist and 403 for one the caller
 * is not a member of (or whose role does not allow the action).
 */
@ApiTags('workspaces')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class WorkspacesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('workspaces')
  @ApiOperation({ summary: 'Mina arbetsytor med min roll i varje' })
  @ApiResponse({ status: 200, schema: list(WorkspaceSchema) })
  async list(@CurrentActor() actor: Actor): Promise<{ items: Workspace[] }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'workspaces.list', { actor }));
  }

  @Post('workspaces')
  @ApiOperation({ summary: 'Skapa en arbetsyta (du blir ägare)' })
  @ApiBody({ schema: jsonSchema(WorkspaceNameBody, 'input') })
  @ApiResponse({ status: 201, schema: jsonSchema(WorkspaceSchema) })
  async create(@CurrentActor() actor: Actor, @Body(new ZodPipe(WorkspaceNameBody)) body: z.output<typeof WorkspaceNameBody>): Promise<Workspace> {
    return unwrap(await this.rpc.call('compliance-workflow', 'workspaces.create', { actor, name: body.name }));
  }

  @Get('workspaces/:workspaceId')
  @ApiOperation({ summary: 'En arbetsyta' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiResponse({ status: 200, schema: jsonSchema(WorkspaceSchema) })
  @ApiResponse({ status: 403, description: 'Inte medlem' })
  @ApiResponse({ status: 404, description: 'Arbetsytan finns inte' })
  async get(@CurrentActor() actor: Actor, @Param('workspaceId', uuid) workspaceId: string): Promise<Workspace> {
    return unwrap(await this.rpc.call('compliance-workflow', 'workspaces.get', { actor, workspaceId }));
  }

  @Patch('workspaces/:workspaceId')
  @ApiOperation({ summary: 'Byt namn på arbetsytan (administratör eller ägare)' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiBody({ schema: jsonSchema(WorkspaceNameBody, 'input') })
  @ApiResponse({ status: 200, schema: jsonSchema(WorkspaceSchema) })
  async update(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', uuid) workspaceId: string,
    @Body(new ZodPipe(WorkspaceNameBody)) body: z.output<typeof WorkspaceNameBody>,
  ): Promise<Workspace> {
    return unwrap(await this.rpc.call('compliance-workflow', 'workspaces.update', { actor, workspaceId, name: body.name }));
  }

  @Get('workspaces/:workspaceId/members')
  @ApiOperation({ summary: 'Arbetsytans medlemmar och roller' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiResponse({ status: 200, schema: list(MemberSchema) })
  async members(@CurrentActor() actor: Actor, @Param('workspaceId', uuid) workspaceId: string): Promise<{ items: Member[] }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'members.list', { actor, workspaceId }));
  }

  @Patch('workspaces/:workspaceId/members/:userId')
  @ApiOperation({ summary: 'Ändra en medlems roll (bara ägare ger eller tar ägarrollen; sista ägaren är kvar)' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiBody({ schema: jsonSchema(MemberRoleBody, 'input') })
  @ApiResponse({ status: 200, schema: jsonSchema(MemberSchema) })
  @ApiResponse({ status: 409, description: 'Arbetsytan måste ha minst en ägare' })
  async updateMember(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', uuid) workspaceId: string,
    @Param('userId', uuid) userId: string,
    @Body(new ZodPipe(MemberRoleBody)) body: z.output<typeof MemberRoleBody>,
  ): Promise<Member> {
    return unwrap(await this.rpc.call('compliance-workflow', 'members.update', { actor, workspaceId, userId, role: body.role }));
  }

  @Delete('workspaces/:workspaceId/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ta bort en medlem, eller lämna arbetsytan (ditt eget id)' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Borttagen' })
  @ApiResponse({ status: 409, description: 'Arbetsytan måste ha minst en ägare' })
  async removeMember(@CurrentActor() actor: Actor, @Param('workspaceId', uuid) workspaceId: string, @Param('userId', uuid) userId: string): Promise<void> {
    unwrap(await this.rpc.call('compliance-workflow', 'members.remove', { actor, workspaceId, userId }));
  }

  @Get('workspaces/:workspaceId/invitations')
  @ApiOperation({ summary: 'Öppna och accepterade inbjudningar' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiResponse({ status: 200, schema: list(InvitationSchema) })
  async invitations(@CurrentActor() actor: Actor, @Param('workspaceId', uuid) workspaceId: string): Promise<{ items: Invitation[] }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'invitations.list', { actor, workspaceId }));
  }

  @Post('workspaces/:workspaceId/invitations')
  @ApiOperation({ summary: 'Bjud in med e-post (giltig i 7 dagar; administratör eller ägare)' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiBody({ schema: jsonSchema(InvitationBody, 'input') })
  @ApiResponse({ status: 201, schema: jsonSchema(InvitationSchema) })
  @ApiResponse({ status: 409, description: 'Personen är redan medlem' })
  async invite(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', uuid) workspaceId: string,
    @Body(new ZodPipe(InvitationBody)) body: z.output<typeof InvitationBody>,
  ): Promise<Invitation> {
    return unwrap(await this.rpc.call('compliance-workflow', 'invitations.create', { actor, workspaceId, ...body }));
  }

  @Delete('workspaces/:workspaceId/invitations/:invitationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Återkalla en inbjudan' })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiParam({ name: 'invitationId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Återkallad' })
  @ApiResponse({ status: 409, description: 'Redan accepterad' })
  async revoke(@CurrentActor() actor: Actor, @Param('workspaceId', uuid) workspaceId: string, @Param('invitationId', uuid) invitationId: string): Promise<void> {
    unwrap(await this.rpc.call('compliance-workflow', 'invitations.revoke', { actor, workspaceId, invitationId }));
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acceptera en inbjudan (inloggad med den inbjudna adressen)' })
  @ApiBody({ schema: jsonSchema(AcceptInvitationBody, 'input') })
  @ApiResponse({ status: 200, schema: jsonSchema(WorkspaceSchema) })
  @ApiResponse({ status: 403, description: 'Inbjudan gäller en annan e-postadress' })
  @ApiResponse({ status: 404, description: 'Inbjudan finns inte, är återkallad, använd eller utgången' })
  async accept(@CurrentActor() actor: Actor, @Body(new ZodPipe(AcceptInvitationBody)) body: z.output<typeof AcceptInvitationBody>): Promise<Workspace> {
    return unwrap(await this.rpc.call('compliance-workflow', 'invitations.accept', { actor, token: body.token }));
  }
}
