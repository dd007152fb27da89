/**
 * The evaluation set (questions.jsonl): loading, and the check that every
 * expected anchor exists in the bundled statute and can be retrieved at all.
 */
import { readFileSync } from 'node:fs';
import type { LawDocument, LawSection, LawStructure } from '@laglig/contracts';

export const AREAS = ['workplace', 'environment', 'data_protection', 'employment', 'other'] as const;
export type Area = (typeof AREAS)[number];
export const UNANSWERABLE_KINDS = ['out_of_corpus', 'out_of_scope', 'nonsense'] as const;
export type UnanswerableKind = (typeof UNANSWERABLE_KINDS)[number];

export interface ExpectedAnchor {
  sfs: string;
  anchor: string;
}

export interface AnswerableQuestion {
  id: string;
  question: string;
  expected: ExpectedAnchor[];
  area: Area;
}

export interface UnanswerableQuestion {
  id: string;
  question: string;
  unanswerable: true;
  kind: UnanswerableKind;
}

export type EvalQuestion = AnswerableQuestion | UnanswerableQuestion;

export function isAnswerable(q: EvalQuestion): q is AnswerableQuestion {
  return !('unanswerable' in q && q.unanswerable);
}

/** Parses the JSONL text; throws with the line number on a malformed entry. */
export function parseQuestions(text: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `questions.jsonl line ${i + 1}`;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${where}: invalid JSON (${(error as Error).message})`);
    }
    const id = raw['id'];
    const question = raw['question'];
    if (typeof id !== 'string' || id === '') throw new Error(`${where}: missing "id"`);
    if (ids.has(id)) throw new Error(`${where}: duplicate id "${id}"`);
    ids.add(id);
    if (typeof question !== 'string' || question.trim().length < 3) throw new Error(`${where} (${id}): missing "question"`);
    if (raw['unanswerable'] === true) {
      const kind = raw['kind'];
      if (!UNANSWERABLE_KINDS.includes(kind as UnanswerableKind)) throw new Error(`${where} (${id}): "kind" must be one of ${UNANSWERABLE_KINDS.join(', ')}`);
      out.push({ id, question, unanswerable: true, kind: kind as UnanswerableKind });
      return;
    }
    const area = raw['area'];
    if (!AREAS.includes(area as Area)) throw new Error(`${where} (${id}): "area" must be one of ${AREAS.join(', ')}`);
    const expected = raw['expected'];
    if (
      !Array.isArray(expected) ||
      expected.length === 0 ||
      !expected.every((e: unknown) => typeof (e as ExpectedAnchor)?.sfs === 'string' && typeof (e as ExpectedAnchor)?.anchor === 'string')
    ) {
      throw new Error(`${where} (${id}): "expected" must be a non-empty list of { sfs, anchor }`);
    }
    out.push({ id, question, expected: expected as ExpectedAnchor[], area: area as Area });
  });
  return out;
}

export function loadQuestions(file: string): EvalQuestion[] {
  return parseQuestions(readFileSync(file, 'utf8'));
}

/** Every section (paragraf) of a structure, in document order. */
export function sectionsOf(structure: LawStructure): LawSection[] {
  type Node = LawStructure['body'][number];
  const walk = (nodes: readonly Node[]): LawSection[] =>
    nodes.flatMap((n) => (n.type === 'paragraf' ? [n] : n.type === 'rubrik' ? [] : walk(n.children as readonly Node[])));
  return walk(structure.body);
}

/**
 * Problems with the expected anchors: a law that is not bundled, an anchor
 * the parsed statute does not have, or a section that is never indexed
 * (repealed, or a wording not yet in force — the chunker leaves both out).
 * Empty when every expected anchor can be retrieved.
 */
export function checkExpectedAnchors(questions: readonly EvalQuestion[], laws: ReadonlyMap<string, LawDocument>): string[] {
  const problems: string[] = [];
  const sections = new Map<string, Map<string, LawSection>>();
  for (const q of questions) {
    if (!isAnswerable(q)) continue;
    for (const { sfs, anchor } of q.expected) {
      const law = laws.get(sfs);
      if (!law) {
        problems.push(`${q.id}: ${sfs} is not one of the bundled statutes`);
        continue;
      }
      let bySection = sections.get(sfs);
      if (!bySection) {
        bySection = new Map(sectionsOf(law.structure).map((s) => [s.anchor, s]));
        sections.set(sfs, bySection);
      }
      const section = bySection.get(anchor);
      if (!section) problems.push(`${q.id}: ${sfs} has no section ${anchor}`);
      else if (section.repealed) problems.push(`${q.id}: ${sfs} ${anchor} is repealed (never indexed)`);
      else if (section.validity?.kind === 'future') problems.push(`${q.id}: ${sfs} ${anchor} is a wording not yet in force (never indexed)`);
      else if (section.text.trim() === '') problems.push(`${q.id}: ${sfs} ${anchor} has no text`);
    }
  }
  return problems;
}
