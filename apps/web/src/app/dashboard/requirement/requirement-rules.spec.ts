import { EVIDENCE_MAX_BYTES } from '@laglig/contracts';
import { checkEvidenceFile, evidenceMimeType, formatBytes, validateRequirement } from './requirement-rules';

describe('checkEvidenceFile', () => {
  it('accepts the allowed types up to the size limit', () => {
    expect(checkEvidenceFile({ name: 'riskbedomning.pdf', size: 120_000, type: 'application/pdf' })).toBeNull();
    expect(checkEvidenceFile({ name: 'foto.jpg', size: EVIDENCE_MAX_BYTES, type: 'image/jpeg' })).toBeNull();
  });

  it('refuses a file that is too large, with the sizes in Swedish', () => {
    expect(checkEvidenceFile({ name: 'video.pdf', size: 12_300_000, type: 'application/pdf' })).toBe(
      'Filen ”video.pdf” är för stor (11,7 MB). Den får vara högst 10 MB.',
    );
  });

  it('refuses other types and empty files', () => {
    expect(checkEvidenceFile({ name: 'program.exe', size: 10, type: 'application/x-msdownload' })).toMatch(/^Filtypen för ”program.exe” stöds inte/);
    expect(checkEvidenceFile({ name: 'sida.html', size: 10, type: 'text/html' })).toMatch(/stöds inte/);
    expect(checkEvidenceFile({ name: 'tom.txt', size: 0, type: 'text/plain' })).toBe('Filen ”tom.txt” är tom.');
  });

  it('falls back to the extension when the browser gives no type', () => {
    expect(evidenceMimeType({ name: 'Rutin.DOCX', size: 1, type: '' })).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(checkEvidenceFile({ name: 'Rutin.docx', size: 5000, type: '' })).toBeNull();
    expect(checkEvidenceFile({ name: 'okänd', size: 5000, type: '' })).toMatch(/stöds inte/);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatBytes(340 * 1024)).toBe('340 kB');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2,5 MB');
  });
});

describe('validateRequirement', () => {
  it('requires a motivering for Ej tillämplig only', () => {
    expect(validateRequirement({ status: 'EJ_TILLAMPLIG', motivation: '  ', reviewDate: '' })).toEqual({
      motivation: 'Ange en motivering till varför kravet inte är tillämpligt.',
    });
    expect(validateRequirement({ status: 'EJ_TILLAMPLIG', motivation: 'Vi har inga truckar', reviewDate: '' })).toEqual({});
    expect(validateRequirement({ status: 'DELVIS', motivation: '', reviewDate: '' })).toEqual({});
  });

  it('checks the review date', () => {
    expect(validateRequirement({ status: null, motivation: '', reviewDate: '2025-13-45' })).toEqual({ reviewDate: 'Ange datum som ÅÅÅÅ-MM-DD.' });
    expect(validateRequirement({ status: null, motivation: '', reviewDate: '2025-06-30' })).toEqual({});
  });
});
