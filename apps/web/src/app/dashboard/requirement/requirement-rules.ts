import { EVIDENCE_MAX_BYTES, EVIDENCE_MIME_BY_EXTENSION, EVIDENCE_MIME_TYPES, type RequirementStatus } from '@laglig/contracts';

/** What the browser knows of a chosen file. */
export interface FileFacts {
  name: string;
  size: number;
  /** The browser's MIME type; often "" for Office files on some systems. */
  type: string;
}

const ALLOWED: ReadonlySet<string> = new Set(EVIDENCE_MIME_TYPES);

/** "2,5 MB", "340 kB", "12 byte" (1 kB = 1024 byte, as the limit is set). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
}

export function evidenceMimeType(file: FileFacts): string {
  const type = file.type.toLowerCase().split(';')[0].trim();
  if (type) return type;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  return EVIDENCE_MIME_BY_EXTENSION[ext] ?? '';
}

/**
 * Checks a file before it is uploaded as evidence: size (at most
 * EVIDENCE_MAX_BYTES) and type (EVIDENCE_MIME_TYPES). Null when it may be
 * uploaded, otherwise a Swedish message. The server checks again.
 */
export function checkEvidenceFile(file: FileFacts): string | null {
  if (file.size === 0) return `Filen ”${file.name}” är tom.`;
  if (file.size > EVIDENCE_MAX_BYTES) {
    return `Filen ”${file.name}” är för stor (${formatBytes(file.size)}). Den får vara högst ${formatBytes(EVIDENCE_MAX_BYTES)}.`;
  }
  if (!ALLOWED.has(evidenceMimeType(file))) {
    return `Filtypen för ”${file.name}” stöds inte. Ladda upp PDF, bild (PNG eller JPEG), text, CSV, Word eller Excel.`;
  }
  return null;
}

/** The `accept` attribute of the file input. */
export const EVIDENCE_ACCEPT = [...EVIDENCE_MIME_TYPES, ...Object.keys(EVIDENCE_MIME_BY_EXTENSION).map((e) => `.${e}`)].join(',');

export interface RequirementFormValues {
  status: RequirementStatus | null;
  motivation: string;
  reviewDate: string;
}

/** Field errors of the requirement editor (the server checks the same rules). */
export function validateRequirement(values: RequirementFormValues): Partial<Record<'motivation' | 'reviewDate', string>> {
  const errors: Partial<Record<'motivation' | 'reviewDate', string>> = {};
  if (values.status === 'EJ_TILLAMPLIG' && values.motivation.trim() === '') {
    errors.motivation = 'Ange en motivering till varför kravet inte är tillämpligt.';
  }
  if (values.reviewDate !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(values.reviewDate) || Number.isNaN(Date.parse(values.reviewDate)))) {
    errors.reviewDate = 'Ange datum som ÅÅÅÅ-MM-DD.';
  }
  return errors;
}
