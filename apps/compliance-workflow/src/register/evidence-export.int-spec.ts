import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ErrorCode, type Actor, type LawList, type Requirement } from '@laglig/contracts';
import { ComplianceHarness } from '../testing/compliance-harness';
import { stockholmToday } from './register.read-model';

const actorOf = (u: Actor): Actor => ({ userId: u.userId });

const dir = mkdtempSync(join(tmpdir(), 'cw-evidence-'));
const evidenceDir = join(dir, 'files');
const scanner = join(dir, 'scan.js');
// A stand-in virus scanner with clamdscan's contract: the file on stdin, exit 1 when infected.
writeFileSync(scanner, `let d='';process.stdin.on('data',c=>d+=c).on('end',()=>process.exit(d.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE')?1:0));`);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const MAX = 4096;

/** Evidence (files behind the storage interface, links) and the register export, on the real stack. */
describe('register: evidence and export', () => {
  const h = new ComplianceHarness('cw-register-evidence', {
    EVIDENCE_DIR: evidenceDir,
    EVIDENCE_MAX_BYTES: String(MAX),
    EVIDENCE_SCAN_COMMAND: `${process.execPath} ${scanner}`,
  });
  let owner: Actor;
  let member: Actor;
  let auditor: Actor;
  let ws: string;
  let list: LawList;
  let requirement: Requirement;

  const storedFiles = (): string[] => readdirSync(join(evidenceDir, ws), { withFileTypes: true }).map((d) => d.name);

  beforeAll(async () => {
    await h.start();
    owner = actorOf(await h.seedUser('Olle Ägare'));
    member = actorOf(await h.seedUser('Maja Medlem'));
    auditor = actorOf(await h.seedUser('Rut Revisor'));
    ws = await h.seedWorkspace(owner, 'Bygg & Montage i Västerås AB');
    await h.seedMember(ws, member, 'MEMBER');
    await h.seedMember(ws, auditor, 'AUDITOR');
    await h.ok('profile.set', {
      actor: owner,
      workspaceId: ws,
      profile: { name: 'Bygg & Montage i Västerås AB', orgNumber: '556036-0793', sniCodes: ['41.200'], employees: 25, screening: { chemicals: true } },
    });
    list = await h.ok('lists.create', { actor: owner, workspaceId: ws, name: 'Laglista' });
    requirement = (await h.ok('requirements.list', { actor: owner, workspaceId: ws, filter: { ref: '1977:1160' } })).items[0] as Requirement;
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a file with its sha256 after the type and scan checks, serves it back and deletes it with the evidence', async () => {
    const file = await h.ok('evidence.add', {
      actor: member,
      workspaceId: ws,
      requirementId: requirement.id,
      file: { filename: '../Riskbedömning 2025.pdf', mimeType: 'application/pdf', contentBase64: PDF.toString('base64'), title: 'Riskbedömning' },
    });
    expect(file).toMatchObject({
      kind: 'file',
      title: 'Riskbedömning',
      filename: 'Riskbedömning 2025.pdf',
      mimeType: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      scanStatus: 'clean',
      createdBy: 'Maja Medlem',
      url: null,
    });
    // The stored name is a random key, never the uploader's file name.
    expect(storedFiles()).toHaveLength(1);
    expect(storedFiles()[0]).toMatch(/^[0-9a-f-]{36}$/);

    const link = await h.ok('evidence.add', { actor: member, workspaceId: ws, requirementId: requirement.id, link: { title: 'Intranätets rutin', url: 'https://intra.example.se/rutin' } });
    expect(link).toMatchObject({ kind: 'link', url: 'https://intra.example.se/rutin', filename: null, size: null, scanStatus: 'unscanned' });

    const listed = await h.ok('evidence.list', { actor: auditor, workspaceId: ws, requirementId: requirement.id });
    expect(listed.items.map((e) => e.id)).toEqual([file.id, link.id]);
    expect((await h.ok('requirements.get', { actor: auditor, workspaceId: ws, requirementId: requirement.id })).evidenceCount).toBe(2);

    const download = await h.ok('evidence.download', { actor: auditor, workspaceId: ws, evidenceId: file.id });
    expect(download).toEqual({ filename: 'Riskbedömning 2025.pdf', mimeType: 'application/pdf', contentBase64: PDF.toString('base64') });
    expect(await h.call('evidence.download', { actor: auditor, workspaceId: ws, evidenceId: link.id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });

    expect(await h.call('evidence.remove', { actor: auditor, workspaceId: ws, evidenceId: file.id })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.ok('evidence.remove', { actor: member, workspaceId: ws, evidenceId: file.id })).toEqual({ removed: true });
    expect(storedFiles()).toEqual([]);
    expect(await h.call('evidence.download', { actor: member, workspaceId: ws, evidenceId: file.id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    const log: Array<{ action: string }> = await h.ds.query(`SELECT action FROM compliance.activity WHERE entity_type = 'evidence' AND entity_id = $1 ORDER BY id`, [file.id]);
    expect(log.map((e) => e.action)).toEqual(['added', 'removed']);
  });

  it('refuses files that are too large, empty, of another type than their content, infected, and links that are not http(s)', async () => {
    const add = (file: { filename: string; mimeType: 'application/pdf' | 'image/png' | 'text/plain'; content: Buffer }) =>
      h.call('evidence.add', {
        actor: member,
        workspaceId: ws,
        requirementId: requirement.id,
        file: { filename: file.filename, mimeType: file.mimeType, contentBase64: file.content.toString('base64') },
      });
    expect(await add({ filename: 'stor.pdf', mimeType: 'application/pdf', content: Buffer.concat([PDF, Buffer.alloc(MAX)]) })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      message: expect.stringMatching(/^Filen är för stor/),
    });
    expect(await add({ filename: 'tom.txt', mimeType: 'text/plain', content: Buffer.alloc(0) })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT, message: 'Filen är tom.' });
    expect(await add({ filename: 'bild.pdf', mimeType: 'application/pdf', content: PNG })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      message: 'Filens innehåll stämmer inte med filtypen (PDF).',
    });
    expect(await add({ filename: 'sida.png', mimeType: 'image/png', content: Buffer.from('<html><script>alert(1)</script></html>') })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
    });
    expect(await add({ filename: 'eicar.txt', mimeType: 'text/plain', content: Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*') })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      message: 'Filen innehåller skadlig kod och har inte sparats.',
    });
    expect(
      await h.call('evidence.add', { actor: member, workspaceId: ws, requirementId: requirement.id, file: { filename: 'x.exe', mimeType: 'application/x-msdownload' as 'application/pdf', contentBase64: 'TVo=' } }),
    ).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect(await h.call('evidence.add', { actor: member, workspaceId: ws, requirementId: requirement.id, link: { title: 'Skript', url: 'javascript:alert(1)' } })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
    });
    expect(await h.call('evidence.add', { actor: member, workspaceId: ws, requirementId: requirement.id })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    // Nothing was stored for any of them.
    expect(storedFiles()).toEqual([]);

    const otherOwner = actorOf(await h.seedUser('Annan Ägare'));
    const otherWs = await h.seedWorkspace(otherOwner, 'Annat AB');
    expect(await h.call('evidence.list', { actor: otherOwner, workspaceId: otherWs, requirementId: requirement.id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(
      await h.call('evidence.add', { actor: otherOwner, workspaceId: otherWs, requirementId: requirement.id, link: { title: 'x', url: 'https://example.se' } }),
    ).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
  });

  it('exports the register as .xlsx (sheet Laglista, bold frozen header with filter, one row per requirement) and CSV; auditors may export', async () => {
    const reqs = (await h.ok('requirements.list', { actor: owner, workspaceId: ws, filter: { listId: list.id }, limit: 500 })).items;
    const sam = reqs.find((r) => r.anchor === 'K3P2a') as Requirement;
    const updated = await h.ok('requirements.update', {
      actor: member,
      workspaceId: ws,
      requirementId: sam.id,
      version: sam.version,
      patch: { status: 'DELVIS', motivation: 'Rutin finns; uppföljning saknas.', action: 'Inför årlig uppföljning.', responsibleUserId: owner.userId },
    });
    const removedItem = list.items.find((i) => i.ref === '1977:480');
    await h.ok('lists.items.remove', { actor: member, workspaceId: ws, listId: list.id, itemId: (removedItem as { id: string }).id, reason: 'Hanteras av koncernen.' });
    const activeItems = list.items.filter((i) => i.ref !== '1977:480');
    const expectedRows = activeItems.reduce((n, i) => n + Math.max(1, i.requirements.total), 0);

    const xlsx = await h.ok('register.export', { actor: auditor, workspaceId: ws, listId: list.id, format: 'xlsx' });
    expect(xlsx.filename).toBe(`laglista-bygg-montage-i-vasteras-ab-${stockholmToday()}.xlsx`);
    expect(xlsx.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Laglista');
    expect(sheet).toBeDefined();
    const s = sheet as ExcelJS.Worksheet;
    expect((s.getRow(1).values as unknown[]).slice(1)).toEqual(['Område', 'Lag', 'Krav', 'Ansvarig', 'Följer', 'Datum', 'Granskare', 'Kommentar', 'Åtgärd', 'Omprövning']);
    expect(s.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(s.autoFilter).toBeTruthy();
    expect(s.rowCount).toBe(1 + expectedRows);

    const rows = Array.from({ length: s.rowCount - 1 }, (_, i) => (s.getRow(i + 2).values as unknown[]).slice(1).map((v) => (v ?? '') as string));
    const samRow = rows.find((r) => r[2] === '3 kap. 2 a § Systematiskt arbetsmiljöarbete');
    expect(samRow).toEqual([
      'Arbetsmiljö',
      'Arbetsmiljölag (1977:1160)',
      '3 kap. 2 a § Systematiskt arbetsmiljöarbete',
      'Olle Ägare',
      'Delvis',
      stockholmToday(new Date(updated.assessedAt as string)),
      'Maja Medlem',
      'Rutin finns; uppföljning saknas.',
      'Inför årlig uppföljning.',
      '',
    ]);
    // Unassessed requirements have an empty Följer; a law without requirements is listed once; removed laws are left out.
    expect(rows.filter((r) => r[1] === 'Arbetsmiljölag (1977:1160)' && r[4] === '').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r[1].includes('(AFS 2023:1)'))).toEqual([['Arbetsmiljö', expect.stringContaining('(AFS 2023:1)'), '', '', '', '', '', '', '', '']]);
    expect(rows.some((r) => r[1] === 'Semesterlag (1977:480)')).toBe(false);
    // Grouped by Område in register order: Arbetsmiljö first.
    expect(rows[0]?.[0]).toBe('Arbetsmiljö');

    const csv = await h.ok('register.export', { actor: auditor, workspaceId: ws, listId: list.id, format: 'csv' });
    expect(csv).toMatchObject({ filename: `laglista-bygg-montage-i-vasteras-ab-${stockholmToday()}.csv`, mimeType: 'text/csv; charset=utf-8' });
    const bytes = Buffer.from(csv.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Område;Lag;Krav;Ansvarig;Följer;Datum;Granskare;Kommentar;Åtgärd;Omprövning');
    expect(lines).toContain(
      `Arbetsmiljö;Arbetsmiljölag (1977:1160);3 kap. 2 a § Systematiskt arbetsmiljöarbete;Olle Ägare;Delvis;${stockholmToday(new Date(updated.assessedAt as string))};Maja Medlem;"Rutin finns; uppföljning saknas.";Inför årlig uppföljning.;`,
    );
    expect(lines.at(-1)).toBe('');
    expect(lines.length - 2).toBe(expectedRows);

    // Without a list: every list of the workspace. A foreign or missing list is not found.
    expect((await h.ok('register.export', { actor: member, workspaceId: ws, format: 'csv' })).filename).toMatch(/\.csv$/);
    expect(await h.call('register.export', { actor: auditor, workspaceId: ws, listId: '00000000-0000-4000-8000-000000000000', format: 'xlsx' })).toMatchObject({
      ok: false,
      code: ErrorCode.NOT_FOUND,
    });
    const stranger = actorOf(await h.seedUser('Främling'));
    expect(await h.call('register.export', { actor: stranger, workspaceId: ws, format: 'xlsx' })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
  });
});
