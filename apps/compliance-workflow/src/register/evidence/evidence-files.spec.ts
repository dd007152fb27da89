import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CommandEvidenceScanner } from './evidence-scanner';
import { FileSystemEvidenceStorage, newStorageKey } from './evidence-storage';
import { cleanFilename } from './evidence.service';
import { contentMatchesType } from './magic-bytes';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const DOC = Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex');

async function xlsxBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Blad1').addRow(['a']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('evidence content checks', () => {
  it('accepts content whose magic bytes match the declared type', async () => {
    const xlsx = await xlsxBytes();
    expect(contentMatchesType(PDF, 'application/pdf')).toBe(true);
    expect(contentMatchesType(PNG, 'image/png')).toBe(true);
    expect(contentMatchesType(JPEG, 'image/jpeg')).toBe(true);
    expect(contentMatchesType(DOC, 'application/msword')).toBe(true);
    expect(contentMatchesType(xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(true);
    expect(contentMatchesType(Buffer.from('\ufeffOmråde;Lag\r\nMiljö;Miljöbalk\r\n'), 'text/csv')).toBe(true);
    expect(contentMatchesType(Buffer.from('Protokoll från skyddsrond 2024-05-02'), 'text/plain')).toBe(true);
  });

  it('refuses content that is something else than declared', async () => {
    const xlsx = await xlsxBytes();
    expect(contentMatchesType(PNG, 'application/pdf')).toBe(false);
    expect(contentMatchesType(Buffer.from('<html><script>alert(1)</script>'), 'image/png')).toBe(false);
    expect(contentMatchesType(PDF, 'image/jpeg')).toBe(false);
    // An .xlsx package is not a Word document, and a bare zip is neither.
    expect(contentMatchesType(xlsx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(false);
    expect(contentMatchesType(Buffer.from('504b0304140000000000', 'hex'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(false);
    // Binary is not text.
    expect(contentMatchesType(PDF, 'text/plain')).toBe(false);
    expect(contentMatchesType(Buffer.from([0x41, 0x00, 0x42]), 'text/plain')).toBe(false);
    expect(contentMatchesType(Buffer.from([0xc3, 0x28]), 'text/csv')).toBe(false);
  });

  it('keeps only the base name of an uploaded file name', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\anna\\Skyddsrond "maj".pdf')).toBe('Skyddsrond maj.pdf');
    expect(cleanFilename('rapport\u0000\u001f.pdf')).toBe('rapport.pdf');
    expect(cleanFilename('   ')).toBe('fil');
  });
});

describe('FileSystemEvidenceStorage', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'evidence-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores, reads and deletes under the key, leaving no temporary files', async () => {
    const storage = new FileSystemEvidenceStorage(root);
    const key = newStorageKey('7d0b1c3e-2f4a-4b5c-8d6e-9f0a1b2c3d4e');
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, PDF);
    expect(await storage.get(key)).toEqual(PDF);
    expect(await readdir(join(root, '7d0b1c3e-2f4a-4b5c-8d6e-9f0a1b2c3d4e'))).toHaveLength(1);
    await storage.delete(key);
    await storage.delete(key); // idempotent
    expect(await storage.get(key)).toBeNull();
  });

  it('refuses keys that are not its own shape (no way out of the root)', async () => {
    const storage = new FileSystemEvidenceStorage(root);
    await expect(storage.put('../outside', PDF)).rejects.toThrow('invalid evidence storage key');
    await expect(storage.get('7d0b1c3e-2f4a-4b5c-8d6e-9f0a1b2c3d4e/../../x')).rejects.toThrow('invalid evidence storage key');
    await expect(storage.delete('/etc/passwd')).rejects.toThrow('invalid evidence storage key');
  });
});

describe('CommandEvidenceScanner', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scanner-'));
    script = join(dir, 'scan.js');
    // Exit 1 for the EICAR test string, 0 otherwise, 2 for "BROKEN" (the clamdscan convention).
    await writeFile(
      script,
      `let d='';process.stdin.on('data',c=>d+=c).on('end',()=>process.exit(d.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE')?1:d.includes('BROKEN')?2:0));`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the verdict from the exit code, and fails on anything else', async () => {
    const scanner = new CommandEvidenceScanner(`${process.execPath} ${script}`, 10_000);
    await expect(scanner.scan(PDF)).resolves.toBe('clean');
    await expect(scanner.scan(Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'))).resolves.toBe('infected');
    await expect(scanner.scan(Buffer.from('BROKEN'))).rejects.toThrow('exit code 2');
    await expect(new CommandEvidenceScanner('/nonexistent/scanner', 1000).scan(PDF)).rejects.toThrow();
  });
});
