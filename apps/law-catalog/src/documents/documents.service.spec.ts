import { ErrorCode } from '@laglig/contracts';
import type { DocumentsRepository, ListRow } from './documents.repository';
import { decodeListCursor, DocumentsService, encodeListCursor } from './documents.service';

function fakeRepository(rows: ListRow[]): DocumentsRepository {
  const sorted = [...rows].sort((a, b) => a.sfs.localeCompare(b.sfs));
  return {
    findBySfs: async () => null,
    findWithCurrentVersion: async () => null,
    findCurrentVersionWithStructure: async () => null,
    listAfter: async (after: string | null, limit: number) => sorted.filter((r) => after === null || r.sfs > after).slice(0, limit),
    countListed: async () => sorted.length,
  } as unknown as DocumentsRepository;
}

const rows: ListRow[] = ['1977:1160', '1977:480', '1982:80', '2010:800', '2018:218'].map((sfs) => ({
  sfs,
  title: `Lag (${sfs})`,
  updatedAt: new Date('2026-01-01T00:00:00Z'),
}));

describe('DocumentsService', () => {
  it('refuses unknown statutes with NOT_FOUND (get, meta, amendments)', async () => {
    const service = new DocumentsService(fakeRepository([]));
    for (const result of [await service.get('1900:1'), await service.meta('1900:1'), await service.amendments('1900:1')]) {
      expect(result).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    }
  });

  it('pages laws.list with an opaque cursor until the end', async () => {
    const service = new DocumentsService(fakeRepository(rows));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await service.list({ cursor, limit: 2 });
      if (!result.ok) throw new Error(result.message);
      expect(result.value.total).toBe(5);
      seen.push(...result.value.items.map((i) => i.sfs));
      cursor = result.value.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(rows.map((r) => r.sfs).sort());
  });

  it('rejects a forged cursor', async () => {
    const service = new DocumentsService(fakeRepository(rows));
    expect(await service.list({ cursor: 'not-a-cursor', limit: 2 })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });

  it('round-trips cursors', () => {
    expect(decodeListCursor(encodeListCursor('1977:1160'))).toBe('1977:1160');
  });
});
