import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  refuse,
  succeed,
  type Amendment,
  type LawDocument,
  type LawListResult,
  type LawMetadata,
  type OperationResult,
} from '@laglig/contracts';
import { DocumentsRepository } from './documents.repository';
import { toAmendment, toLawDocument, toLawMetadata } from './documents.mapper';

export const NOT_FOUND_MESSAGE = 'Författningen finns inte i katalogen';

/** Opaque keyset cursor for laws.list: base64url of the last SFS number served. */
export const encodeListCursor = (sfs: string): string => Buffer.from(sfs, 'utf8').toString('base64url');
export function decodeListCursor(cursor: string): string | null {
  const sfs = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^\d{4}:\d+/.test(sfs) ? sfs : null;
}

@Injectable()
export class DocumentsService {
  constructor(private readonly documents: DocumentsRepository) {}

  async get(sfs: string): Promise<OperationResult<LawDocument>> {
    const found = await this.documents.findCurrentVersionWithStructure(sfs);
    if (!found) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE, { sfs });
    return succeed(toLawDocument(found.document, found.version));
  }

  async meta(sfs: string): Promise<OperationResult<LawMetadata>> {
    const found = await this.documents.findWithCurrentVersion(sfs);
    if (!found) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE, { sfs });
    return succeed(toLawMetadata(found.document, found.version));
  }

  async amendments(sfs: string): Promise<OperationResult<{ sfs: string; items: Amendment[] }>> {
    const document = await this.documents.findBySfs(sfs);
    if (!document?.currentVersionId) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE, { sfs });
    const rows = await this.documents.amendmentsOf(document.id);
    return succeed({ sfs, items: rows.map(toAmendment) });
  }

  async list(input: { cursor: string | null; limit: number }): Promise<OperationResult<LawListResult>> {
    let after: string | null = null;
    if (input.cursor !== null) {
      after = decodeListCursor(input.cursor);
      if (after === null) return refuse(ErrorCode.INVALID_INPUT, 'Ogiltig markör (cursor)');
    }
    const [rows, total] = await Promise.all([this.documents.listAfter(after, input.limit + 1), this.documents.countListed()]);
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return succeed({
      items: page.map((row) => ({ sfs: row.sfs, title: row.title, updatedAt: row.updatedAt.toISOString() })),
      nextCursor: rows.length > input.limit && last ? encodeListCursor(last.sfs) : null,
      total,
    });
  }
}
