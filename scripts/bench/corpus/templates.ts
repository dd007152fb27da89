/**
 * The bundled statutes (data/sfs) as material for the synthetic corpus:
 * their sections, headings, chapter titles, transitional texts and word
 * frequencies, read and parsed exactly as ingestion reads and parses them.
 */
import { normaliseText } from '../../../apps/law-catalog/src/ingestion/normalise';
import { listFolderDocuments, readFolderDocument } from '../../../apps/law-catalog/src/ingestion/folder-source';
import { parseSfsText, type SfsBodyNode } from '@laglig/sfs-parser';

export interface TemplateSection {
  /** Stycke texts as the parser gives them (lead text, then one line per punkt). */
  stycken: string[];
  /** "3 § Har upphävts genom lag (2008:934)." in the source: no text of its own. */
  repealed: boolean;
}

export interface Template {
  sfs: string;
  title: string;
  /** "Lag", "Förordning" or "Kungörelse": the kind of act (also its amendment notes, "Lag (2012:333)."). */
  kind: 'Lag' | 'Förordning' | 'Kungörelse';
  /** The title's subject ("om anställningsskydd"), or null for name titles ("Miljöbalk (1998:808)"). */
  subject: string | null;
  department: string | null;
  chaptered: boolean;
  chapterTitles: string[];
  headings: string[];
  sections: TemplateSection[];
  /** Transitional texts short enough to reuse. */
  transitional: string[];
}

export interface Bundle {
  templates: Template[];
  /** SFS numbers of the bundled statutes: never given to a synthetic document. */
  reservedSfs: Set<string>;
  /** Every lower-case word of 4+ letters in the bundled sections, once per occurrence (so picks follow corpus frequency). */
  vocabulary: string[];
  /** Words of the bundled titles' subjects, by occurrence. */
  titleWords: string[];
  departments: string[];
}

/** A lower-case word of 4+ letters standing on its own (not part of "Lagens" or "2a"). */
export const SWAPPABLE_WORD = /(?<![\p{L}\d])\p{Ll}{4,}(?![\p{L}\d])/gu;

export function actKind(title: string): Template['kind'] {
  const head = title.split('(')[0]?.trim().toLowerCase() ?? '';
  if (head.endsWith('förordning') || head.startsWith('förordning')) return 'Förordning';
  if (head.endsWith('kungörelse') || head.startsWith('kungörelse')) return 'Kungörelse';
  return 'Lag';
}

/** "Lag (1982:80) om anställningsskydd" -> "om anställningsskydd"; "Miljöbalk (1998:808)" -> null. */
export function titleSubject(title: string): string | null {
  const match = /\)\s+(om\s.+|med\s.+|angående\s.+)$/iu.exec(title);
  return match ? (match[1] as string).trim() : null;
}

function collect(nodes: readonly SfsBodyNode[], chapterTitles: string[], headings: string[]): void {
  for (const node of nodes) {
    if (node.type === 'rubrik') headings.push(node.text);
    else if (node.type === 'kapitel') {
      if (node.title) chapterTitles.push(node.title);
      collect(node.children, chapterTitles, headings);
    } else if (node.type === 'avdelning') collect(node.children, chapterTitles, headings);
  }
}

export async function loadBundle(dir: string): Promise<Bundle> {
  const templates: Template[] = [];
  const reservedSfs = new Set<string>();
  const vocabulary: string[] = [];
  const titleWords: string[] = [];
  const departments: string[] = [];
  for (const base of await listFolderDocuments(dir)) {
    const source = await readFolderDocument(dir, base);
    reservedSfs.add(source.sfs);
    const parsed = parseSfsText(normaliseText(source.text));
    const chapterTitles: string[] = [];
    const headings: string[] = [];
    collect(parsed.body, chapterTitles, headings);
    const sections: TemplateSection[] = parsed.sections
      // Sections with a validity marker come in pairs (old and new wording) with
      // the same number; they would need their markers to stay distinct. Leave them out.
      .filter((s) => !s.implicit && s.validityMarks.length === 0)
      .map((s) => ({ stycken: s.repealed ? [] : s.stycken.map((st) => st.text).filter((t) => t.trim() !== ''), repealed: s.repealed }))
      .filter((s) => s.repealed || s.stycken.length > 0);
    for (const s of sections) for (const st of s.stycken) for (const w of st.match(SWAPPABLE_WORD) ?? []) vocabulary.push(w);
    const subject = titleSubject(source.title);
    if (subject) for (const w of subject.match(SWAPPABLE_WORD) ?? []) titleWords.push(w);
    if (source.department) departments.push(source.department);
    templates.push({
      sfs: source.sfs,
      title: source.title,
      kind: actKind(source.title),
      subject,
      department: source.department,
      chaptered: parsed.body.some((n) => n.type === 'kapitel' || n.type === 'avdelning'),
      chapterTitles,
      headings: headings.filter((h) => h.length <= 80),
      sections,
      transitional: parsed.transitional.map((t) => t.text.trim()).filter((t) => t.length > 0 && t.length <= 600),
    });
  }
  if (templates.length === 0) throw new Error(`No statutes in ${dir}`);
  return { templates, reservedSfs, vocabulary, titleWords, departments };
}
