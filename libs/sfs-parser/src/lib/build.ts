/**
 * Turning classified blocks into the document tree (without anchors; those
 * are assigned afterwards by `anchors.ts`).
 */
import type { Classified } from './classify';
import { matchChapterHeader, matchDivisionHeader, matchRepealed, matchSectionHeader } from './patterns';
import { buildSectionBody, renderStycke } from './section-body';
import { joinKeepingLines, joinWrapped } from './text';
import type { SfsBodyNode, SfsChapter, SfsDivision, SfsHeading, SfsSection, SfsStycke, ValidityMarker } from './types';
import { isMarkerLine, primaryMark, takeLeadingMarkers } from './validity';

export interface BuiltTree {
  preamble: string;
  body: SfsBodyNode[];
  sections: SfsSection[];
  /** Lines of the tail blocks (transitional provisions, appendices). */
  tail: string[][];
  repealedBy: string | null;
}

interface OpenSection {
  number: string;
  line: number;
  marks: ValidityMarker[];
  blocks: string[][];
  chapter: SfsChapter | null;
  /** Validity markers of the enclosing chapter, inherited by the section. */
  inheritedMarks: ValidityMarker[];
  heading: string | null;
}

/** Builds the tree from classified blocks in one forward pass. */
class TreeBuilder {
  private readonly body: SfsBodyNode[] = [];
  private readonly sections: SfsSection[] = [];
  private readonly preambleBlocks: string[][] = [];
  private readonly tail: string[][] = [];
  private division: SfsDivision | null = null;
  private chapter: SfsChapter | null = null;
  private heading: string | null = null;
  private section: OpenSection | null = null;
  private pendingMarks: ValidityMarker[] = [];
  private seenStructure = false;
  private readonly chapterMarks = new Map<SfsChapter, ValidityMarker[]>();

  constructor(private readonly warnings: string[]) {}

  add(block: Classified): void {
    switch (block.role) {
      case 'tail':
        this.closeSection();
        this.tail.push(block.block.lines);
        return;
      case 'division':
        return this.openDivision(block);
      case 'divisionTitle':
        return this.extendDivisionTitle(block);
      case 'chapter':
        return this.openChapter(block);
      case 'chapterTitle':
        if (this.chapter) this.chapter.title = joinWrapped(block.lines);
        return;
      case 'heading':
        return this.addHeading(block);
      case 'section':
        return this.openSection(block);
      case 'marker':
        return this.addMarkers(block.marks);
      case 'text':
        return this.addText(block);
    }
  }

  finish(): BuiltTree {
    this.closeSection();
    let preambleBlocks = this.preambleBlocks;
    if (this.sections.length === 0 && !this.seenStructure && preambleBlocks.length > 0) {
      this.addImplicitSection(preambleBlocks);
      preambleBlocks = [];
    }
    const preamble = preambleBlocks.map(joinKeepingLines).join('\n\n');
    const repealedBy = preambleBlocks.length > 0 ? matchRepealed(joinWrapped(preambleBlocks[0])) : null;
    return { preamble, body: this.body, sections: this.sections, tail: this.tail, repealedBy };
  }

  private openDivision(block: Classified): void {
    this.closeSection();
    const header = matchDivisionHeader(block.lines[0]);
    if (!header) return;
    const title = joinWrapped([header.title, ...block.lines.slice(1)]);
    this.division = { type: 'avdelning', anchor: '', number: header.number, label: header.label, title: title || null, children: [] };
    this.body.push(this.division);
    this.chapter = null;
    this.heading = null;
    this.seenStructure = true;
  }

  private extendDivisionTitle(block: Classified): void {
    if (!this.division) return;
    const extra = joinWrapped(block.lines);
    this.division.title = this.division.title ? `${this.division.title} ${extra}` : extra;
  }

  private openChapter(block: Classified): void {
    this.closeSection();
    const header = matchChapterHeader(block.lines[0]);
    if (!header) return;
    const inline = takeLeadingMarkers(header.rest);
    const marks = [...this.takePendingMarks(), ...block.marks, ...inline.markers];
    const titleLines = [inline.rest, ...block.lines.slice(1).filter((line) => !isMarkerLine(line))];
    const title = joinWrapped(titleLines);
    const repealedBy = matchRepealed(title);
    this.chapter = {
      type: 'kapitel',
      anchor: '',
      number: header.number,
      title: repealedBy ? null : title || null,
      validity: primaryMark(marks),
      repealed: repealedBy !== null,
      repealedBy,
      children: [],
    };
    this.chapterMarks.set(this.chapter, marks);
    (this.division?.children ?? this.body).push(this.chapter);
    this.heading = null;
    this.seenStructure = true;
  }

  private addHeading(block: Classified): void {
    this.closeSection();
    const marks = [...this.takePendingMarks(), ...block.marks];
    const heading: SfsHeading = { type: 'rubrik', anchor: '', text: joinWrapped(block.lines), validity: primaryMark(marks) };
    this.pushLeaf(heading, this.chapter);
    this.heading = heading.text;
    this.seenStructure = true;
  }

  private openSection(block: Classified): void {
    this.closeSection();
    const header = matchSectionHeader(block.lines[0]);
    if (!header) return;
    const inline = takeLeadingMarkers(header.rest);
    const marks = [...this.takePendingMarks(), ...block.marks, ...inline.markers];
    let rest = block.lines.slice(1);
    if (inline.rest === '') {
      // "12 § /Träder i kraft .../" followed by "/Upphör att gälla .../" on the next line.
      while (rest.length > 0 && isMarkerLine(rest[0])) {
        marks.push(...takeLeadingMarkers(rest[0]).markers);
        rest = rest.slice(1);
      }
    }
    const firstBlock = inline.rest === '' ? rest : [inline.rest, ...rest];
    this.section = {
      number: header.number,
      line: block.block.line,
      marks,
      blocks: firstBlock.length > 0 ? [firstBlock] : [],
      ...this.sectionContext(),
    };
    this.seenStructure = true;
  }

  private addMarkers(marks: ValidityMarker[]): void {
    if (this.section && this.section.blocks.length === 0) this.section.marks.push(...marks);
    else this.pendingMarks.push(...marks);
  }

  private addText(block: Classified): void {
    if (block.marks.length > 0) this.addMarkers(block.marks);
    if (this.section) {
      this.section.blocks.push(block.lines);
    } else if (!this.seenStructure) {
      this.preambleBlocks.push(block.block.lines);
    } else {
      this.warnings.push(`line ${block.block.line}: text outside any section kept in an unnumbered section: "${joinWrapped(block.lines).slice(0, 60)}"`);
      this.openLooseSection(block);
    }
  }

  /** Text between a chapter header and its first section: keep it in an implicit section of the chapter. */
  private openLooseSection(block: Classified): void {
    this.section = { number: '', line: block.block.line, marks: [], blocks: [block.lines], ...this.sectionContext() };
  }

  private addImplicitSection(blocks: string[][]): void {
    this.section = { number: '', line: 1, marks: [], blocks, chapter: null, inheritedMarks: [], heading: null };
    this.closeSection();
  }

  private closeSection(): void {
    const open = this.section;
    if (!open) return;
    this.section = null;
    this.inferMissingFutureMark(open);
    const { section, issues } = finishSection(open);
    issues.forEach((issue) => this.warnings.push(`line ${open.line}: ${issue}`));
    this.sections.push(section);
    this.pushLeaf(section, open.chapter);
  }

  /**
   * In the laglig-normalised text the "/Träder i kraft/" marker of a future
   * wording is sometimes lost: a section repeated right after a wording that
   * expires on date D, without markers of its own, is taken to apply from D.
   */
  private inferMissingFutureMark(open: OpenSection): void {
    const previous = this.sections[this.sections.length - 1];
    const expiring = previous?.validityMarks.find((mark) => mark.kind === 'expiring');
    if (!previous || open.marks.length > 0 || open.number === '' || expiring?.kind !== 'expiring' || !expiring.until) return;
    if (previous.number !== open.number || previous.chapter !== (open.chapter?.number ?? null)) return;
    open.marks.push({ kind: 'future', from: expiring.until, raw: `(inferred from ${expiring.raw})` });
    this.warnings.push(`line ${open.line}: ${open.number} § repeats an expiring wording without a marker; assumed in force from ${expiring.until}`);
  }

  private sectionContext(): Pick<OpenSection, 'chapter' | 'inheritedMarks' | 'heading'> {
    const inheritedMarks = this.chapter ? this.chapterMarks.get(this.chapter) ?? [] : [];
    return { chapter: this.chapter, inheritedMarks, heading: this.heading };
  }

  /** Add a rubrik or section to the innermost open container. */
  private pushLeaf(node: SfsHeading | SfsSection, chapter: SfsChapter | null): void {
    if (chapter) chapter.children.push(node);
    else if (this.division) this.division.children.push(node);
    else this.body.push(node);
  }

  private takePendingMarks(): ValidityMarker[] {
    const marks = this.pendingMarks;
    this.pendingMarks = [];
    return marks;
  }
}

function finishSection(open: OpenSection): { section: SfsSection; issues: string[] } {
  const { stycken: drafts, notes, issues } = buildSectionBody(open.blocks);
  const validityMarks = [...open.marks, ...open.inheritedMarks];
  const stycken: SfsStycke[] = drafts.map((draft, index) => ({
    anchor: '',
    number: index + 1,
    text: renderStycke(draft),
    punkter: draft.punkter.map((punkt) => ({ anchor: '', label: punkt.label, text: punkt.text, kind: punkt.kind, id: punkt.id, parent: punkt.parent })),
  }));
  const fullText = stycken.map((stycke) => stycke.text).join('\n\n');
  const repealedBy = matchRepealed(joinWrapped([fullText]));
  // A repeal notice may be split over blocks ("Har upphävts genom" / "lag (2008:934)").
  const text = repealedBy ? joinWrapped([fullText]) : fullText;
  const section: SfsSection = {
    type: 'paragraf',
    anchor: '',
    number: open.number,
    chapter: open.chapter?.number ?? null,
    heading: open.heading,
    stycken: repealedBy ? [] : stycken,
    text,
    amendedBy: repealedBy ? null : notes[notes.length - 1] ?? null,
    repealed: repealedBy !== null,
    repealedBy,
    validity: primaryMark(validityMarks),
    validityMarks,
    implicit: open.number === '',
    line: open.line,
  };
  return { section, issues };
}

/** Build the (anchor-less) tree from classified blocks. */
export function buildTree(blocks: readonly Classified[], warnings: string[]): BuiltTree {
  const builder = new TreeBuilder(warnings);
  blocks.forEach((block) => builder.add(block));
  return builder.finish();
}
