import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, type Observable } from 'rxjs';
import { z } from 'zod';
import {
  complianceMethods,
  CompanyProfileSchema,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MIME_BY_EXTENSION,
  EVIDENCE_MIME_TYPES,
  EvidenceLinkSchema,
  RequirementPatchSchema,
  RequirementStatusSchema,
  type FileDownload,
} from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import type { ApiErrorBody } from '../http/http-errors';
import { strictBody, UuidParam } from '../http/zod-query';

/*
 * Request bodies and queries of the register endpoints: the contract's inputs
 * without what the gateway supplies itself (the actor from the verified token,
 * the workspace and other ids from the path).
 */

export const SniQuery = z
  .object({
    q: z.string({ error: 'Ange en sökfråga (q).' }).trim().min(1, 'Ange en sökfråga (q).').max(100),
    limit: z.coerce.number({ error: 'limit måste vara ett heltal' }).int().min(1).max(50).default(20),
  })
  .strict();

export const ProfileBody = CompanyProfileSchema.strict();

export const ListCreateBody = strictBody(complianceMethods['lists.create'].input.omit({ actor: true, workspaceId: true }).shape);
export const ListUpdateBody = strictBody(complianceMethods['lists.update'].input.omit({ actor: true, workspaceId: true, listId: true }).shape);
export const ItemAddBody = strictBody(complianceMethods['lists.items.add'].input.omit({ actor: true, workspaceId: true, listId: true }).shape);
export const ItemRemoveBody = strictBody(complianceMethods['lists.items.remove'].input.omit({ actor: true, workspaceId: true, listId: true, itemId: true }).shape);
export const RequirementCreateBody = strictBody(complianceMethods['requirements.create'].input.omit({ actor: true, workspaceId: true }).shape);
/** PATCH `{ version, ...patch }`: the version the client edited and the fields it changes. */
export const RequirementUpdateBody = strictBody({ ...RequirementPatchSchema.shape, version: z.number({ error: 'Ange kravets version (version).' }).int().min(1) });
export const EvidenceLinkBody = EvidenceLinkSchema;

const flag = z.enum(['true', 'false'], { error: 'Ange true eller false.' }).transform((v) => v === 'true');
export const RequirementQuery = z
  .object(
    {
      listId: UuidParam.optional(),
      status: z.union([RequirementStatusSchema, z.literal('UNASSESSED')], { error: 'Ogiltig status.' }).optional(),
      responsibleUserId: UuidParam.optional(),
      ref: z.string().max(30).optional(),
      overdue: flag.optional(),
      needsReview: flag.optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number({ error: 'limit måste vara ett heltal' }).int().min(1).max(500).default(100),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänd parameter: ${issue.keys.join(', ')}.` : 'Ogiltig fråga.') },
  )
  .strict();

export const ExportQuery = z
  .object({
    format: z.enum(['xlsx', 'csv'], { error: 'Ange format=xlsx eller format=csv.' }).default('xlsx'),
    listId: UuidParam.optional(),
  })
  .strict();

/** "10 MB", "4 kB". */
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.max(1, Math.floor(bytes / 1024))} kB`;

/** The largest evidence file the gateway reads into memory (the service checks again). */
export const evidenceMaxBytes = (): number =>
  loadConfig(z.object({ EVIDENCE_MAX_BYTES: z.coerce.number().int().positive().max(EVIDENCE_MAX_BYTES).default(EVIDENCE_MAX_BYTES) })).EVIDENCE_MAX_BYTES;

/**
 * The declared type of an upload: the browser's when it is one of the allowed
 * types, else the one the file name's extension implies (browsers send
 * application/octet-stream or vnd.ms-excel for CSV). The service checks it
 * against the content's magic bytes either way.
 */
export function declaredMimeType(clientType: string, filename: string): string {
  const type = clientType.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  const byExt = ext ? EVIDENCE_MIME_BY_EXTENSION[ext] : undefined;
  if (type === 'application/vnd.ms-excel' && byExt === 'text/csv') return byExt;
  if ((EVIDENCE_MIME_TYPES as readonly string[]).includes(type)) return type;
  return byExt ?? type;
}

/**
 * `attachment` with an ASCII file name and, when the real name is not ASCII,
 * the UTF-8 one (RFC 6266 / RFC 8187), so "Riskbedömning.pdf" survives.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (ascii === filename) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A file answer: attachment with its name, the type, no sniffing, not cached. */
export function sendFile(res: Response, file: FileDownload): void {
  const content = Buffer.from(file.contentBase64, 'base64');
  res.status(200);
  res.setHeader('Content-Disposition', contentDisposition(file.filename));
  res.setHeader('Content-Type', file.mimeType.startsWith('text/') && !file.mimeType.includes('charset') ? `${file.mimeType}; charset=utf-8` : file.mimeType);
  res.setHeader('Content-Length', String(content.length));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(content);
}

/** A file above the upload limit: 413 with a Swedish message naming the limit (multer's own is English). */
@Injectable()
export class UploadLimitInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof PayloadTooLargeException) {
          const body: ApiErrorBody = {
            statusCode: 413,
            code: 'PAYLOAD_TOO_LARGE',
            message: `Filen är för stor (högst ${formatBytes(evidenceMaxBytes())}).`,
          };
          throw new HttpException(body, 413);
        }
        throw error;
      }),
    );
  }
}
