/**
 * Synthetic statutes for benchmarks: each one is written as a consolidated
 * SFS text (the format the Riksdagen API and the bundle deliver) from the
 * sections of a bundled statute — a window of its sections, some from other
 * statutes, shuffled, stycken dropped or borrowed, words swapped for words of
 * the corpus's own vocabulary — and then goes through the real parser, so the
 * stored structure and sections are whatever ingestion would make of it.
 *
 * Everything is drawn from a generator seeded by (seed, index): document i is
 * the same on every run and in every worker.
 */
import { hashSeed, Prng } from '../lib/prng';
import { SWAPPABLE_WORD, type Bundle, type Template, type TemplateSection } from './templates';

export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2026;
const YEARS = LAST_YEAR - FIRST_YEAR + 1;

/** Marks every synthetic row (documents.source_name, document_versions.source_name). */
export const SYNTHETIC_SOURCE = 'Syntetisk benchmarkkorpus';

export interface SynthOptions {
  seed: number;
  minSections: number;
  maxSections: number;
}

export interface SynthAmendment {
  sfs: string;
  title: string;
  inForce: string;
  notes: string | null;
}

/** A synthetic statute in the shape of a SourceDocument (minus what is constant). */
export interface SynthDocument {
  index: number;
  sfs: string;
  dokId: string;
  title: string;
  department: string | null;
  issuedAt: string;
  inForce: string;
  amendedThrough: string | null;
  repealedAt: string | null;
  repealedBy: string | null;
  /** The consolidated text as a source would deliver it (not yet normalised). */
  text: string;
  amendments: SynthAmendment[];
  /** How many sections were written (the parser should find as many). */
  writtenSections: number;
}

/**
 * The SFS number of synthetic document `index`: the years 1900–2026 in turn,
 * numbers counting up within a year and skipping the bundled statutes' numbers.
 * A bijection, so distinct indexes give distinct numbers.
 */
export function synthSfs(index: number, reserved: ReadonlySet<string>): { year: number; number: number; sfs: string } {
  const year = FIRST_YEAR + (index % YEARS);
  let number = Math.floor(index / YEARS) + 1;
  const taken = reservedNumbersOf(reserved, year);
  for (const r of taken) if (r <= number) number++;
  return { year, number, sfs: `${year}:${number}` };
}

const reservedCache = new WeakMap<ReadonlySet<string>, Map<number, number[]>>();
function reservedNumbersOf(reserved: ReadonlySet<string>, year: number): number[] {
  let byYear = reservedCache.get(reserved);
  if (!byYear) {
    byYear = new Map();
    for (const sfs of reserved) {
      const m = /^(\d{4}):(\d+)$/.exec(sfs);
      if (!m) continue;
      const list = byYear.get(Number(m[1])) ?? [];
      list.push(Number(m[2]));
      byYear.set(Number(m[1]), list);
    }
    for (const list of byYear.values()) list.sort((a, b) => a - b);
    reservedCache.set(reserved, byYear);
  }
  return byYear.get(year) ?? [];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isoDate(rng: Prng, year: number): string {
  const month = rng.int(1, 12);
  return `${year}-${pad(month)}-${pad(rng.int(1, DAYS_IN_MONTH[month - 1] as number))}`;
}
const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** Replace lower-case words of 4+ letters, each with probability `rate`, by a word drawn by corpus frequency. */
export function swapWords(text: string, rate: number, rng: Prng, vocabulary: readonly string[]): string {
  if (rate <= 0) return text;
  return text.replace(SWAPPABLE_WORD, (word) => (rng.chance(rate) ? rng.pick(vocabulary) : word));
}

/**
 * Hard-wrap a paragraph at about `width` characters like the SFS texts do,
 * never starting a line with a number or "§" (a line "3 § ..." inside a block
 * could be mistaken for a section header).
 */
export function wrap(paragraph: string, width: number): string {
  const words = paragraph.split(/ +/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length > width && !/^[\d§]/.test(word)) {
      lines.push(line);
      line = word;
    } else line += ` ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

interface Ctx {
  rng: Prng;
  bundle: Bundle;
  swapRate: number;
  width: number;
}

/** A stycke as source text: its lead and each punkt as separate blocks. */
function styckeBlocks(text: string, ctx: Ctx): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => wrap(swapWords(line, ctx.swapRate, ctx.rng, ctx.bundle.vocabulary), ctx.width));
}

function pickSections(template: Template, count: number, ctx: Ctx): TemplateSection[] {
  const { rng, bundle } = ctx;
  const pool = template.sections;
  const chosen: TemplateSection[] = [];
  const start = pool.length > 0 ? rng.int(0, pool.length - 1) : 0;
  for (let i = 0; i < count; i++) {
    // A run of the template's own sections, with some borrowed from other statutes.
    const own = pool.length > 0 && i < pool.length && !rng.chance(0.15);
    const source = own ? pool : rng.pick(bundle.templates).sections;
    // (a borrowed statute may have no usable sections: draw again)
    if (source.length === 0) {
      i--;
      continue;
    }
    chosen.push(own ? (pool[(start + i) % pool.length] as TemplateSection) : rng.pick(source));
  }
  if (rng.chance(0.5)) rng.shuffle(chosen);
  else {
    for (let s = 0; s < Math.ceil(count / 4); s++) {
      const a = rng.int(0, count - 1);
      const b = rng.int(0, count - 1);
      [chosen[a], chosen[b]] = [chosen[b] as TemplateSection, chosen[a] as TemplateSection];
    }
  }
  return chosen;
}

function amendmentsFor(year: number, kind: Template['kind'], ownSfs: string, titleRest: string, rng: Prng): SynthAmendment[] {
  if (year >= LAST_YEAR) return [];
  const count = rng.chance(0.25) ? 0 : rng.int(1, 8);
  const seen = new Set<string>();
  const list: Array<SynthAmendment & { y: number; n: number }> = [];
  for (let i = 0; i < count; i++) {
    const y = rng.int(year + 1, LAST_YEAR);
    const n = rng.int(1, 1500);
    const sfs = `${y}:${n}`;
    if (seen.has(sfs) || sfs === ownSfs) continue;
    seen.add(sfs);
    const article = kind === 'Lag' ? 'lagen' : kind === 'Förordning' ? 'förordningen' : 'kungörelsen';
    list.push({
      y,
      n,
      sfs,
      title: `${kind} (${sfs}) om ändring i ${article} (${ownSfs}) ${titleRest}`.trim(),
      inForce: isoDate(rng, Math.min(LAST_YEAR, y + 1)),
      notes: rng.chance(0.3) ? `ändr. ${rng.int(1, 20)} §` : null,
    });
  }
  list.sort((a, b) => a.y - b.y || a.n - b.n);
  return list.map(({ sfs, title, inForce, notes }) => ({ sfs, title, inForce, notes }));
}

export function synthesizeDocument(index: number, bundle: Bundle, options: SynthOptions): SynthDocument {
  const rng = new Prng(hashSeed(options.seed, index));
  const { year, number, sfs } = synthSfs(index, bundle.reservedSfs);
  const usable = bundle.templates.filter((t) => t.sections.length >= 5);
  const template = rng.pick(usable.length > 0 ? usable : bundle.templates);
  const ctx: Ctx = { rng, bundle, swapRate: 0.1 + rng.next() * 0.2, width: rng.int(56, 68) };
  const kind = template.kind;
  const kindWord = kind === 'Lag' ? 'lag' : kind === 'Förordning' ? 'förordning' : 'kungörelse';

  // Title: the template's subject with words swapped, or a subject made of its title words.
  const subject =
    template.subject !== null
      ? swapWords(template.subject, 0.5, rng, bundle.titleWords.length > 0 ? bundle.titleWords : bundle.vocabulary)
      : `om ${Array.from({ length: rng.int(1, 3) }, () => rng.pick(bundle.titleWords.length > 0 ? bundle.titleWords : bundle.vocabulary)).join(' och ')}`;
  const title = `${kind} (${sfs}) ${subject}`;

  const amendments = amendmentsFor(year, kind, sfs, subject, rng);
  const noteSfs = (): string => (amendments.length > 0 ? rng.pick(amendments).sfs : sfs);

  const count = rng.int(options.minSections, options.maxSections);
  const sections = pickSections(template, count, ctx);
  const blocks: string[] = [];
  let chapter = 0;
  let leftInChapter = 0;
  let numberInSeq = 0;
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i] as TemplateSection;
    if (template.chaptered && leftInChapter === 0) {
      chapter++;
      leftInChapter = rng.int(2, 8);
      numberInSeq = 0;
      const chapterTitle = template.chapterTitles.length > 0 ? swapWords(rng.pick(template.chapterTitles), 0.3, rng, bundle.vocabulary) : '';
      blocks.push(`${chapter} kap. ${chapterTitle}`.trim());
    }
    leftInChapter--;
    if (template.headings.length > 0 && rng.chance(0.2)) blocks.push(rng.pick(template.headings));
    // Now and then an inserted section ("2 a §") after the previous one.
    const label = numberInSeq > 0 && rng.chance(0.06) ? `${numberInSeq} a` : String(++numberInSeq);
    if (section.repealed) {
      blocks.push(`${label} § Har upphävts genom ${kindWord} (${noteSfs()}).`);
      continue;
    }
    const stycken = section.stycken.filter((_, n) => n === 0 || rng.chance(0.8));
    if (rng.chance(0.1)) {
      const donor = rng.pick(rng.pick(usable.length > 0 ? usable : bundle.templates).sections);
      if (donor && donor.stycken.length > 0) stycken.push(rng.pick(donor.stycken));
    }
    const paragraphs = stycken.flatMap((text) => styckeBlocks(text, ctx));
    if (paragraphs.length === 0) paragraphs.push('Bestämmelsen saknar text.');
    if (rng.chance(0.35)) paragraphs[paragraphs.length - 1] += ` ${kind} (${noteSfs()}).`;
    paragraphs[0] = `${label} § ${paragraphs[0] as string}`;
    blocks.push(...paragraphs);
  }

  if (amendments.length > 0) {
    blocks.push('Övergångsbestämmelser');
    for (const amendment of amendments.slice(-3)) {
      const inForce = amendment.inForce.split('-').map(Number) as [number, number, number];
      const text =
        template.transitional.length > 0 && rng.chance(0.5)
          ? swapWords(rng.pick(template.transitional), ctx.swapRate, rng, bundle.vocabulary)
          : `Denna ${kindWord} träder i kraft den ${inForce[2]} ${MONTHS[inForce[1] - 1]} ${inForce[0]}.`;
      blocks.push(amendment.sfs, ...text.split(/\n{2,}/).map((p) => wrap(p.replace(/\s*\n\s*/g, ' '), ctx.width)));
    }
  }

  const issuedAt = isoDate(rng, year);
  const repealed = year < LAST_YEAR && rng.chance(0.08);
  const repealedYear = repealed ? rng.int(year + 1, LAST_YEAR) : 0;
  return {
    index,
    sfs,
    dokId: `sfs-${year}-${number}`,
    title,
    department: rng.chance(0.7) ? template.department : rng.pick(bundle.departments.length > 0 ? bundle.departments : [null]),
    issuedAt,
    inForce: rng.chance(0.3) ? `${issuedAt} överg.best.` : issuedAt,
    amendedThrough: amendments.length > 0 ? `t.o.m. SFS ${(amendments[amendments.length - 1] as SynthAmendment).sfs}` : null,
    repealedAt: repealed ? isoDate(rng, repealedYear) : null,
    repealedBy: repealed ? `${repealedYear}:${rng.int(1, 1500)}` : null,
    text: blocks.join('\n\n'),
    amendments,
    writtenSections: sections.length,
  };
}
