import { join } from 'node:path';
import { REFUSAL_SENTENCE, type ChatAnswer, type Citation } from '@laglig/contracts';
import { bundledLawDocument, bundledSfsNumbers } from '@laglig/testing';
import { citationMarkers, citationProblems, citesExpected, firstRelevantRank, retrievalFigures } from './metrics';
import { checkExpectedAnchors, isAnswerable, loadQuestions, parseQuestions } from './questions';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, 'data', 'sfs');

const citation = (n: number, sfs: string, anchor: string): Citation => ({
  n,
  sfs,
  anchor,
  title: 'Lag',
  label: '1 §',
  excerpt: '…',
  url: `/lagar/${sfs}#${anchor}`,
});
const answer = (status: ChatAnswer['status'], text: string, citations: Citation[]): Pick<ChatAnswer, 'status' | 'answer' | 'citations'> => ({
  status,
  answer: text,
  citations,
});

describe('retrieval metrics', () => {
  it('ranks the first hit of any expected section of the right law', () => {
    const hits = [
      { sfs: '1982:80', anchor: 'P4' },
      { sfs: '1977:480', anchor: 'P7' },
      { sfs: '1977:480', anchor: 'P4' },
    ];
    expect(firstRelevantRank(hits, [{ sfs: '1977:480', anchor: 'P4' }])).toBe(3);
    expect(firstRelevantRank(hits, [{ sfs: '1977:480', anchor: 'P4' }, { sfs: '1977:480', anchor: 'P7' }])).toBe(2);
    // Same anchor in another law is not a hit.
    expect(firstRelevantRank(hits, [{ sfs: '1976:580', anchor: 'P4' }])).toBeNull();
  });

  it('computes Recall@5, Recall@10 and MRR@10', () => {
    const f = retrievalFigures([1, 2, 6, null]);
    expect(f.questions).toBe(4);
    expect(f.recallAt5).toBe(0.5);
    expect(f.recallAt10).toBe(0.75);
    expect(f.mrrAt10).toBeCloseTo((1 + 1 / 2 + 1 / 6) / 4, 10);
    expect(retrievalFigures([11]).mrrAt10).toBe(0);
    expect(Number.isNaN(retrievalFigures([]).recallAt5)).toBe(true);
  });
});

describe('citation checks', () => {
  it('reads [n], [n, m] and [n–m] markers', () => {
    expect(citationMarkers('Se [1] och [2, 3] samt [4–6]. Inte [a] eller [ 7 ].')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts an answer whose every marker is a citation', () => {
    expect(citationProblems(answer('answered', 'Tjugofem dagar [1].', [citation(1, '1977:480', 'P4')]))).toEqual([]);
  });

  it('rejects markers without a citation and answers without citations', () => {
    expect(citationProblems(answer('answered', 'Tjugofem dagar [1][2].', [citation(1, '1977:480', 'P4')]))).toEqual(['[2] has no citation']);
    expect(citationProblems(answer('answered', 'Tjugofem dagar.', []))).toEqual(['answered without citations', 'no [n] in the answer text']);
  });

  it('expects refusals to carry no citations and the refusal sentence', () => {
    expect(citationProblems(answer('refused', REFUSAL_SENTENCE, []))).toEqual([]);
    expect(citationProblems(answer('out_of_scope', 'Jag svarar bara på frågor om lagar.', []))).toEqual([]);
    expect(citationProblems(answer('refused', 'Vet inte.', [citation(1, '1977:480', 'P4')]))).toEqual([
      'refused answer carries 1 citations',
      'refusal text is not REFUSAL_SENTENCE',
    ]);
  });

  it('knows whether an answer cites an expected section', () => {
    const a = answer('answered', '[1] [2]', [citation(1, '1982:80', 'P7'), citation(2, '1977:480', 'P4')]);
    expect(citesExpected(a, [{ sfs: '1977:480', anchor: 'P4' }])).toBe(true);
    expect(citesExpected(a, [{ sfs: '1977:480', anchor: 'P7' }])).toBe(false);
  });
});

describe('question set', () => {
  it('rejects malformed entries with their line number', () => {
    expect(() => parseQuestions('{"id":"a","question":"Vad gäller?","expected":[],"area":"other"}')).toThrow(/line 1 \(a\): "expected"/);
    expect(() => parseQuestions('{"id":"a","question":"Vad gäller?","unanswerable":true,"kind":"weird"}')).toThrow(/"kind"/);
    expect(() =>
      parseQuestions('{"id":"a","question":"Hej där","unanswerable":true,"kind":"nonsense"}\n{"id":"a","question":"Hej där","unanswerable":true,"kind":"nonsense"}'),
    ).toThrow(/line 2: duplicate id "a"/);
  });

  it('reports anchors the statute does not have, and sections that are never indexed', () => {
    const laws = new Map(['1977:480', '2020:614'].map((sfs) => [sfs, bundledLawDocument(sfs, CORPUS)]));
    const questions = parseQuestions(
      [
        { id: 'ok', question: 'Semester?', area: 'employment', expected: [{ sfs: '1977:480', anchor: 'P4' }] },
        { id: 'missing', question: 'Semester?', area: 'employment', expected: [{ sfs: '1977:480', anchor: 'K3P4' }] },
        { id: 'unbundled', question: 'Studieledighet?', area: 'employment', expected: [{ sfs: '1974:981', anchor: 'P1' }] },
        { id: 'future', question: 'Farligt avfall?', area: 'environment', expected: [{ sfs: '2020:614', anchor: 'K1P4-I2025-01-01' }] },
      ]
        .map((q) => JSON.stringify(q))
        .join('\n'),
    );
    expect(checkExpectedAnchors(questions, laws)).toEqual([
      'missing: 1977:480 has no section K3P4',
      'unbundled: 1974:981 is not one of the bundled statutes',
      'future: 2020:614 K1P4-I2025-01-01 is a wording not yet in force (never indexed)',
    ]);
  });

  it('questions.jsonl, questions-holdout.jsonl and questions-scenarios.jsonl: every expected anchor exists in the parsed bundled statute; enough questions of each kind', () => {
    const laws = new Map(bundledSfsNumbers(CORPUS).map((sfs) => [sfs, bundledLawDocument(sfs, CORPUS)]));
    expect(laws.size).toBe(53);
    // The development set, the held-out set (ho-…) and the situation set (sc-…): ids never shared.
    const sets = [
      { file: 'questions.jsonl', prefix: '', answerable: 45, unanswerable: 15 },
      { file: 'questions-holdout.jsonl', prefix: 'ho-', answerable: 30, unanswerable: 8 },
      { file: 'questions-scenarios.jsonl', prefix: 'sc-', answerable: 30, unanswerable: 8 },
    ];
    const seen = new Set<string>();
    for (const set of sets) {
      const questions = loadQuestions(join(__dirname, set.file));
      expect(checkExpectedAnchors(questions, laws)).toEqual([]);
      const answerable = questions.filter(isAnswerable);
      expect(answerable.length).toBeGreaterThanOrEqual(set.answerable);
      expect(questions.length - answerable.length).toBeGreaterThanOrEqual(set.unanswerable);
      for (const area of ['workplace', 'environment', 'data_protection', 'employment', 'other']) {
        expect(answerable.filter((q) => q.area === area).length).toBeGreaterThanOrEqual(5);
      }
      expect(questions.map((q) => q.id).filter((id) => seen.has(id) || !id.startsWith(set.prefix))).toEqual([]);
      for (const q of questions) seen.add(q.id);
    }
  });
});
