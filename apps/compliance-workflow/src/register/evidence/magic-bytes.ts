import { EVIDENCE_MIME_TYPES } from '@laglig/contracts';

export type EvidenceMimeType = (typeof EVIDENCE_MIME_TYPES)[number];

/** Swedish names of the allowed types, for messages. */
export const MIME_LABELS: Record<EvidenceMimeType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG-bild',
  'image/jpeg': 'JPEG-bild',
  'text/plain': 'textfil',
  'text/csv': 'CSV-fil',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word-dokument (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel-arbetsbok (.xlsx)',
  'application/msword': 'Word-dokument (.doc)',
  'application/vnd.ms-excel': 'Excel-arbetsbok (.xls)',
};

const PDF = Buffer.from('%PDF-', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** OLE2 compound file: the container of .doc and .xls. */
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const startsWith = (content: Buffer, magic: Buffer): boolean => content.length >= magic.length && content.subarray(0, magic.length).equals(magic);

/** An OOXML package (zip) holding a part under `folder` (word/ or xl/) and its [Content_Types].xml. */
function isOfficeZip(content: Buffer, folder: string): boolean {
  return startsWith(content, ZIP) && content.includes(Buffer.from('[Content_Types].xml', 'latin1')) && content.includes(Buffer.from(folder, 'latin1'));
}

/** Text: valid UTF-8 (a BOM allowed), no NUL bytes and none of the binary signatures above. */
function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  if ([PDF, PNG, JPEG, ZIP, CFB].some((m) => startsWith(content, m))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/** Whether the content is what the declared type says (its magic bytes, or plain UTF-8 text for text types). */
export function contentMatchesType(content: Buffer, mimeType: EvidenceMimeType): boolean {
  switch (mimeType) {
    case 'application/pdf':
      return startsWith(content, PDF);
    case 'image/png':
      return startsWith(content, PNG);
    case 'image/jpeg':
      return startsWith(content, JPEG);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return isOfficeZip(content, 'word/');
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
      return isOfficeZip(content, 'xl/');
    case 'application/msword':
    case 'application/vnd.ms-excel':
      return startsWith(content, CFB);
    case 'text/plain':
    case 'text/csv':
      return isText(content);
  }
}
