import { createHash } from 'node:crypto';
import type { LawDocument, LawSection, LawStructure } from '@laglig/contracts';

export interface LawChunk {
  position: number;
  anchor: string;
  part: number;
  chapter: string | null;
  label: string;
  lawTitle: string;
  heading: string | null;
  /** The chapter's title ("Allmänna hänsynsregler m.m."), indexed for full text at weight C. */
  chapterTitle: string | null;
  /** Shown to the user and indexed for full text. */
  text: string;
  /** What the embedding model sees: law title, SFS number, chapter, heading and label as context, then the text. */
  embeddingText: string;
  /** sha256 of embeddingText: an unchanged chunk keeps its vector. */
  contentHash: string;
}

export interface ChunkingOptions {
  /** Longest part, in words, before a section is split. */
  maxWords: number;
  /** Words repeated at the start of the next part. */
  overlapWords: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { maxWords: 220, overlapWords: 40 };

interface SectionInContext {
  section: LawSection;
  chapterTitle: string | null;
  heading: string | null;
}

/** "3 kap. 2 a §" / "4 §" */
export function sectionLabel(section: Pick<LawSection, 'chapter' | 'number'>): string {
  return `${section.chapter ? `${section.chapter} kap. ` : ''}${section.number} §`;
}

/**
 * Chunks a statute by section (§). Repealed sections and sections that are
 * not yet in force are left out; a long section is split into overlapping
 * parts, never across sections.
 */
export function chunkLaw(doc: Pick<LawDocument, 'sfs' | 'title' | 'structure'>, options: ChunkingOptions = DEFAULT_CHUNKING): LawChunk[] {
  if (options.overlapWords >= options.maxWords) throw new Error('overlapWords must be smaller than maxWords');
  const chunks: LawChunk[] = [];
  for (const { section, chapterTitle, heading } of sectionsOf(doc.structure)) {
    if (section.repealed || section.validity?.kind === 'future') continue;
    const body = section.text.replace(/\s+/g, ' ').trim();
    if (body === '') continue;
    const label = sectionLabel(section);
    const chapterLine = section.chapter ? `${section.chapter} kap.${chapterTitle ? ` ${chapterTitle}` : ''}` : null;
    const parts = splitWords(body, options);
    parts.forEach((text, part) => {
      const context = [`${doc.title} (SFS ${doc.sfs})`, chapterLine, heading, label].filter((l): l is string => !!l).join('\n');
      const embeddingText = `${context}\n${text}`;
      chunks.push({
        position: chunks.length,
        anchor: section.anchor,
        part,
        chapter: section.chapter,
        label: parts.length > 1 ? `${label} (del ${part + 1} av ${parts.length})` : label,
        lawTitle: doc.title,
        heading,
        chapterTitle: section.chapter ? chapterTitle : null,
        text,
        embeddingText,
        contentHash: createHash('sha256').update(embeddingText).digest('hex'),
      });
    });
  }
  return chunks;
}

function splitWords(text: string, { maxWords, overlapWords }: ChunkingOptions): string[] {
  const words = text.split(' ');
  if (words.length <= maxWords) return [text];
  const parts: string[] = [];
  const step = maxWords - overlapWords;
  for (let start = 0; start < words.length; start += step) {
    parts.push(words.slice(start, start + maxWords).join(' '));
    if (start + maxWords >= words.length) break;
  }
  return parts;
}

/** Sections in document order with the chapter title and the nearest heading above them. */
function* sectionsOf(structure: LawStructure): Generator<SectionInContext> {
  type Node = LawStructure['body'][number];
  function* walk(nodes: readonly Node[], chapterTitle: string | null): Generator<SectionInContext> {
    let heading: string | null = null;
    for (const node of nodes) {
      switch (node.type) {
        case 'avdelning':
          yield* walk(node.children, null);
          heading = null;
          break;
        case 'kapitel':
          yield* walk(node.children, node.title);
          heading = null;
          break;
        case 'rubrik':
          heading = node.text;
          break;
        case 'paragraf':
          yield { section: node, chapterTitle, heading: node.heading ?? heading };
          break;
      }
    }
  }
  yield* walk(structure.body, null);
}
