/**
 * Anchor scheme (lagen.nu / Riksdagen convention, see README):
 *
 *   avdelning A1 · kapitel K3, K3a · paragraf K3P2a (P5 without chapters)
 *   stycke K3P2aS2 · punkt K3P2aS2N1, lettered K3P2aS2Na, nested "3 a" K3P2aS2N3a,
 *   unnumbered item (dash or unmarked) K3P2aS2T1, numbered list under it K3P2aS2T1N1
 *   rubrik R-<anchor of the section it introduces> · övergångsbestämmelse O-2012:333 · bilaga B1, B2a
 *
 * A future wording ("/Träder i kraft I:2025-07-01/") gets the qualifier
 * "-I2025-07-01" at the end of its anchor and of all anchors below it; the
 * current wording keeps the plain anchor. Remaining collisions get "-2", "-3"
 * (with a warning); a live section wins the plain anchor over a repealed stub.
 */
import type { SfsChapter, SfsDivision, SfsHeading, SfsSection, SfsStycke, ParsedSfs, SfsBodyNode } from './types';
import { anchorQualifier } from './validity';

/** '3', '2 a' -> 'K3P2a'; null, '5' -> 'P5'. */
export function sectionAnchor(chapter: string | null, number: string): string {
  const section = `P${compact(number)}`;
  return chapter ? `K${compact(chapter)}${section}` : section;
}

/** '3 a' -> 'K3a'. */
export function chapterAnchor(chapter: string): string {
  return `K${compact(chapter)}`;
}

function compact(value: string): string {
  return value.replace(/\s+/g, '');
}

/** Keeps track of used anchors and hands out unique ones. */
class AnchorRegistry {
  private readonly used = new Set<string>();

  constructor(private readonly warnings: string[]) {}

  /** Return `base + suffix`, or `base + suffix + '-N'` when that is taken (with a warning unless `quiet`). */
  claim(base: string, suffix = '', quiet = false): string {
    return base + this.claimSuffix(base, suffix, quiet);
  }

  isUsed(anchor: string): boolean {
    return this.used.has(anchor);
  }

  /** Like {@link claim} but returns only the (possibly extended) suffix. */
  claimSuffix(base: string, suffix: string, quiet = false): string {
    let candidate = suffix;
    for (let n = 2; this.used.has(base + candidate); n++) candidate = `${suffix}-${n}`;
    this.used.add(base + candidate);
    if (candidate !== suffix && !quiet) {
      this.warnings.push(`duplicate anchor ${base + suffix}; using ${base + candidate}`);
    }
    return candidate;
  }
}

type ParsedWithoutAnchors = Pick<ParsedSfs, 'body' | 'sections' | 'transitional' | 'appendices'>;

/** Assign all anchors of a parsed document in place. */
export function assignAnchors(parsed: ParsedWithoutAnchors, warnings: string[]): void {
  const registry = new AnchorRegistry(warnings);
  const chapterScoped = usesChapterScopedNumbering(parsed.sections);

  for (const node of walkContainers(parsed.body)) {
    if (node.type === 'avdelning') node.anchor = registry.claim(`A${node.number}`);
    if (node.type === 'kapitel') node.anchor = registry.claim(chapterAnchor(node.number), anchorQualifier(node.validity));
  }

  // Live sections first, so that a repealed stub never takes the plain anchor of a live section.
  const ordered = [...parsed.sections.filter((s) => !s.repealed), ...parsed.sections.filter((s) => s.repealed)];
  for (const section of ordered) assignSectionAnchors(section, chapterScoped, registry);

  assignHeadingAnchors(parsed.body, registry);

  parsed.transitional.forEach((entry, index) => {
    entry.anchor = entry.sfs ? registry.claim(`O-${entry.sfs}`) : registry.claim(`O${index + 1}`);
  });
  parsed.appendices.forEach((appendix) => {
    appendix.anchor = registry.claim(`B${compact(appendix.number)}`);
  });
}

/**
 * Statutes whose section numbers restart in every chapter use K-prefixed
 * anchors (K3P2). Older statutes with chapters but running section numbers
 * (Avtalslagen 1915:218, Patentlagen 1967:837) use P36, like lagen.nu. The
 * numbering counts as running when no number occurs in two chapters and some
 * chapter after the first starts above 1 §.
 */
export function usesChapterScopedNumbering(sections: readonly SfsSection[]): boolean {
  const chaptered = sections.filter((section) => section.chapter !== null && !section.implicit);
  if (chaptered.length === 0) return false;
  const chaptersByNumber = new Map<string, Set<string>>();
  const firstNumberByChapter = new Map<string, string>();
  for (const section of chaptered) {
    const chapter = section.chapter ?? '';
    if (!firstNumberByChapter.has(chapter)) firstNumberByChapter.set(chapter, section.number);
    const chapters = chaptersByNumber.get(section.number) ?? new Set<string>();
    chapters.add(chapter);
    chaptersByNumber.set(section.number, chapters);
  }
  const repeatsAcrossChapters = [...chaptersByNumber.values()].some((chapters) => chapters.size > 1);
  const laterChapterStartsAbove1 = [...firstNumberByChapter.values()].slice(1).some((number) => number !== '1');
  return repeatsAcrossChapters || !laterChapterStartsAbove1;
}

function assignSectionAnchors(section: SfsSection, chapterScoped: boolean, registry: AnchorRegistry): void {
  const base = sectionAnchor(chapterScoped ? section.chapter : null, section.number);
  const suffix = registry.claimSuffix(base, sectionQualifier(section, base, registry));
  section.anchor = base + suffix;
  section.stycken.forEach((stycke) => assignStyckeAnchors(stycke, `${base}S${stycke.number}`, suffix, registry));
}

/**
 * Future wordings get "-I<date>". A second current wording that expires on
 * another date than the one holding the plain anchor (parallel amendments)
 * gets "-U<date>" instead of a numeric suffix.
 */
function sectionQualifier(section: SfsSection, base: string, registry: AnchorRegistry): string {
  const qualifier = anchorQualifier(section.validity);
  const mark = section.validity;
  if (qualifier === '' && mark?.kind === 'expiring' && mark.until && registry.isUsed(base)) return `-U${mark.until}`;
  return qualifier;
}

function assignStyckeAnchors(stycke: SfsStycke, base: string, suffix: string, registry: AnchorRegistry): void {
  stycke.anchor = registry.claim(base, suffix);
  for (const punkt of stycke.punkter) punkt.anchor = registry.claim(base + punkt.id, suffix);
}

/**
 * A rubrik is named after the section it introduces: R-K3P2a. Stacked
 * rubriker before the same section get R-K3P2a, R-K3P2a-2, ... in reading
 * order. A rubrik followed by no section gets R-<container>-<ordinal>.
 */
function assignHeadingAnchors(body: SfsBodyNode[], registry: AnchorRegistry): void {
  const visit = (children: readonly SfsBodyNode[], containerAnchor: string): void => {
    children.forEach((node, index) => {
      if (node.type === 'rubrik') node.anchor = headingAnchor(node, children, index, containerAnchor, registry);
      if (node.type === 'avdelning' || node.type === 'kapitel') visit(node.children, node.anchor);
    });
  };
  visit(body, '');
}

function headingAnchor(
  heading: SfsHeading,
  siblings: readonly SfsBodyNode[],
  index: number,
  containerAnchor: string,
  registry: AnchorRegistry,
): string {
  const qualifier = anchorQualifier(heading.validity);
  for (let next = index + 1; next < siblings.length; next++) {
    const sibling = siblings[next];
    if (sibling.type === 'paragraf') {
      const extra = qualifier !== '' && !sibling.anchor.endsWith(qualifier) ? qualifier : '';
      return registry.claim(`R-${sibling.anchor}`, extra, true);
    }
    if (sibling.type !== 'rubrik') break;
  }
  const ordinal = siblings.slice(0, index + 1).filter((node) => node.type === 'rubrik').length;
  const container = containerAnchor === '' ? '' : `${containerAnchor}-`;
  return registry.claim(`R-${container}${ordinal}`, qualifier);
}

/** Divisions and chapters in document order. */
function* walkContainers(nodes: readonly SfsBodyNode[]): Generator<SfsDivision | SfsChapter> {
  for (const node of nodes) {
    if (node.type === 'avdelning') {
      yield node;
      yield* walkContainers(node.children);
    } else if (node.type === 'kapitel') {
      yield node;
    }
  }
}

/** Every anchor of a parsed document in document order (body, transitional provisions, appendices). */
export function listAnchors(parsed: Pick<ParsedSfs, 'body' | 'transitional' | 'appendices'>): string[] {
  const anchors: string[] = [];
  const visit = (nodes: readonly SfsBodyNode[]): void => {
    for (const node of nodes) {
      anchors.push(node.anchor);
      if (node.type === 'avdelning' || node.type === 'kapitel') visit(node.children);
      if (node.type === 'paragraf') {
        for (const stycke of node.stycken) anchors.push(stycke.anchor, ...stycke.punkter.map((punkt) => punkt.anchor));
      }
    }
  };
  visit(parsed.body);
  anchors.push(...parsed.transitional.map((entry) => entry.anchor), ...parsed.appendices.map((appendix) => appendix.anchor));
  return anchors;
}
