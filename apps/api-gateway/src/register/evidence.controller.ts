import { Body, Controller, Delete, Get, Param, Post, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import { z } from 'zod';
import { ErrorCode, refuse, type Actor, type Evidence } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { ApiError, unwrap } from '../http/http-errors';
import { UuidParam, ZodPipe } from '../http/zod-query';
import { declaredMimeType, EvidenceLinkBody, evidenceMaxBytes, sendFile, UploadLimitInterceptor } from './register-http';

/** The optional text field of a multipart upload. */
const UploadFields = z
  .object({ title: z.string().trim().max(300).optional() }, { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänt fält: ${issue.keys.join(', ')}.` : 'Ogiltigt formulär.') })
  .strict();

/**
 * Evidence for requirements: a file (multipart field `file`, held in memory up
 * to the size limit and checked by the service against its content) or a link
 * (JSON `{ title, url }`). Downloads are attachments that browsers must not sniff.
 */
@ApiTags('register')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('workspaces/:workspaceId')
@ApiParam({ name: 'workspaceId', format: 'uuid' })
@ApiResponse({ status: 401, description: 'Inte inloggad' })
@ApiResponse({ status: 403, description: 'Inte medlem, eller rollen får inte ändra' })
@ApiResponse({ status: 404, description: 'Arbetsytan, kravet eller beviset finns inte' })
export class EvidenceController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('requirements/:requirementId/evidence')
  @ApiOperation({ summary: 'Bevisen för ett krav (filer och länkar)' })
  async list(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('requirementId', new ZodPipe(UuidParam)) requirementId: string,
  ): Promise<{ items: Evidence[] }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'evidence.list', { actor, workspaceId, requirementId }));
  }

  @Post('requirements/:requirementId/evidence')
  @UseInterceptors(
    UploadLimitInterceptor,
    FileInterceptor('file', {
      storage: memoryStorage(),
      // A function (multer >= 2.4 evaluates it per request), so the running process's EVIDENCE_MAX_BYTES decides;
      // Nest's type only knows the object form.
      limits: (() => ({ fileSize: evidenceMaxBytes(), files: 1, fields: 5, parts: 8 })) as unknown as MulterOptions['limits'],
      defParamCharset: 'utf8',
    }),
  )
  @ApiOperation({ summary: 'Lägg till bevis: en fil (multipart, fältet file, valfritt title) eller en länk (JSON { title, url })' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, title: { type: 'string' } } },
        { type: 'object', required: ['title', 'url'], properties: { title: { type: 'string' }, url: { type: 'string', format: 'uri' } } },
      ],
    },
  })
  @ApiResponse({ status: 400, description: 'Filtypen stöds inte, innehållet stämmer inte med typen, filen är tom eller innehåller skadlig kod, eller länken är ogiltig' })
  @ApiResponse({ status: 413, description: 'Filen är för stor' })
  async add(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('requirementId', new ZodPipe(UuidParam)) requirementId: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: unknown,
  ): Promise<Evidence> {
    if (file) {
      const fields = new ZodPipe(UploadFields).transform(body ?? {});
      const filename = file.originalname;
      const upload = {
        filename,
        mimeType: declaredMimeType(file.mimetype, filename) as 'application/pdf',
        contentBase64: file.buffer.toString('base64'),
        ...(fields.title ? { title: fields.title } : {}),
      };
      return unwrap(await this.rpc.call('compliance-workflow', 'evidence.add', { actor, workspaceId, requirementId, file: upload }, { timeoutMs: 60_000 }));
    }
    if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) {
      throw new ApiError(refuse(ErrorCode.INVALID_INPUT, 'Skicka en fil (fältet file) eller en länk { title, url }.', { issues: [{ path: 'file', message: 'Skicka en fil eller en länk.' }] }));
    }
    const link = new ZodPipe(EvidenceLinkBody).transform(body);
    return unwrap(await this.rpc.call('compliance-workflow', 'evidence.add', { actor, workspaceId, requirementId, link }));
  }

  @Get('evidence/:evidenceId/file')
  @ApiOperation({ summary: 'Ladda ner en bevisfil (som bilaga)' })
  async download(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('evidenceId', new ZodPipe(UuidParam)) evidenceId: string,
    @Res() res: Response,
  ): Promise<void> {
    sendFile(res, unwrap(await this.rpc.call('compliance-workflow', 'evidence.download', { actor, workspaceId, evidenceId }, { timeoutMs: 30_000 })));
  }

  @Delete('evidence/:evidenceId')
  @ApiOperation({ summary: 'Ta bort ett bevis (och filen)' })
  async remove(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('evidenceId', new ZodPipe(UuidParam)) evidenceId: string,
  ): Promise<{ removed: true }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'evidence.remove', { actor, workspaceId, evidenceId }));
  }
}
