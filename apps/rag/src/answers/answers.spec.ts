import { REFUSAL_SENTENCE, type RetrievalHit } from '@laglig/contracts';
import { buildCitations, citedNumbers, sectionLabelOf, validateAnswer, type Excerpt } from './citations';
import { assessEvidence, assessEvidence as evidenceOf, coverage, questionTerms, statuteSubject, TermIndex } from './evidence';
import { composeExtractiveAnswer } from './extractive';
import { outOfScopeTopic } from './scope';
import { splitSentences } from './sentences';

function hit(overrides: Partial<RetrievalHit>): RetrievalHit {
  return {
    chunkId: overrides.anchor ?? 'c',
    sfs: '1977:480',
    title: 'Semesterlag (1977:480)',
    anchor: 'P4',
    label: '4 §',
    chapter: null,
    heading: null,
    text: '',
    score: 0.03,
    fullTextRank: 1,
    vectorRank: 1,
    similarity: 0.5,
    referenced: false,
    ...overrides,
  };
}

const P4 = hit({
  text: 'En arbetstagare har rätt till semesterledighet om tjugofem dagar varje semesterår. Arbetsgivare och arbetstagare får komma överens om att semesterledighet enligt 16 a § ska förläggas till en dag.',
});
const P12 = hit({
  anchor: 'P12',
  label: '12 §',
  text: 'Semesterledighet ska förläggas så att arbetstagaren får en ledighet om minst fyra veckor under perioden juni–augusti.',
});

describe('sentences', () => {
  it('splits at sentence ends but not after abbreviations or inside lists', () => {
    expect(splitSentences('Enligt 3 kap. 2 § gäller detta. Arbetsgivaren ska se till det.')).toEqual([
      'Enligt 3 kap. 2 § gäller detta.',
      'Arbetsgivaren ska se till det.',
    ]);
    expect(splitSentences('Arbetsgivaren ska: 1. undersöka risker, 2. åtgärda dem. Detta gäller alla.')).toEqual([
      'Arbetsgivaren ska: 1. undersöka risker, 2. åtgärda dem.',
      'Detta gäller alla.',
    ]);
    expect(splitSentences('Vad som sägs t.ex. Lagen om X gäller m.m. Nästa mening.')).toEqual(['Vad som sägs t.ex. Lagen om X gäller m.m.', 'Nästa mening.']);
  });
});

describe('evidence', () => {
  it('weights content words above generic ones and finds compounds', () => {
    const terms = questionTerms('Hur många semesterdagar har en anställd rätt till?');
    expect(terms.map((t) => t.word)).toEqual(['semesterdagar', 'anställd', 'rätt']);
    expect(coverage(questionTerms('Vilka regler gäller för semester?'), P4.text)).toBeGreaterThan(0.5);
    expect(coverage(questionTerms('Vad kostar en flygbiljett till månen?'), P4.text)).toBe(0);
  });

  it('refuses a question without content words and accepts a pinned section', () => {
    const excerpts: Excerpt[] = [{ n: 1, hit: P4 }];
    expect(assessEvidence(questionTerms('Vad gäller?'), excerpts).score).toBe(0);
    expect(assessEvidence(questionTerms('Vad säger 4 § semesterlagen?'), [{ n: 1, hit: { ...P4, referenced: true, score: 1.02 } }])).toEqual({
      score: 1,
      pinned: true,
    });
  });
});

describe('evidence (evidence.ts)', () => {
  const excerpt = (overrides: Partial<RetrievalHit>): Excerpt => ({ n: 1, hit: hit(overrides) });

  it('recognises statutes named by a compound, and not words that only end like one', () => {
    expect(statuteSubject('studieledighetslagen')).toBe('studieledighet');
    expect(statuteSubject('miljöbalkens')).toBe('miljö');
    expect(statuteSubject('arbetsmiljöförordningen')).toBe('arbetsmiljö');
    expect(statuteSubject('bygglagen')).toBe('bygg');
    for (const word of ['aktiebolagen', 'förslagen', 'underlagen', 'lagen', 'semesterlag']) expect(statuteSubject(word)).toBeNull();
  });

  it('refuses a question about a statute none of the retrieved sections belongs to, however many of its words they share', () => {
    const text = 'Tillstånd krävs enligt alkohollagen (2010:1622) för servering av alkohol.';
    const other = excerpt({ sfs: '2009:400', title: 'Offentlighets- och sekretesslag (2009:400)', text });
    const question = questionTerms('Vilka tillstånd krävs enligt alkohollagen för att servera alkohol?');
    expect(new TermIndex(text).coverage(question)).toBeGreaterThan(0.6);
    expect(evidenceOf(question, [other])).toEqual({ score: 0, pinned: false });
    // The named statute among the sections: the coverage decides.
    const semester = questionTerms('Hur många semesterdagar ger semesterlagen?');
    expect(evidenceOf(semester, [{ n: 1, hit: P4 }]).score).toBeGreaterThan(0.5);
    expect(evidenceOf(questionTerms('Vad säger penningtvättslagen om kundkännedom?'), [
      excerpt({ title: 'Lag (2017:630) om åtgärder mot penningtvätt och finansiering av terrorism', text: 'Kundkännedom ska inhämtas.' }),
    ]).score).toBeGreaterThan(0.5);
  });

  it('keeps the pinned and nothing-to-look-for rules; numbers alone are nothing to look for', () => {
    expect(evidenceOf(questionTerms('Vad gäller?'), [{ n: 1, hit: P4 }]).score).toBe(0);
    expect(evidenceOf(questionTerms('Vad blir 17 gånger 23?'), [excerpt({ text: 'Avgiften är 23 kronor och tas ut två gånger per år.' })]).score).toBe(0);
    expect(evidenceOf(questionTerms('Vad säger 4 § semesterlagen?'), [{ n: 1, hit: { ...P4, referenced: true, score: 1.02 } }])).toEqual({ score: 1, pinned: true });
  });

  it('matches statutory synonyms, inflections the stemmer leaves apart, and only partly a half-found compound', () => {
    const index = new TermIndex('En arbetstagare som utsatts för sexuella trakasserier har rätt till skadestånd.');
    const term = (q: string) => questionTerms(q)[0];
    expect(index.match(term('anställda'))).toBe(0.9);
    expect(index.match(term('sexuellt'))).toBe(0.9);
    expect(new TermIndex('tjänsten').match(term('tjänstebilar'))).toBe(0.5);
    expect(new TermIndex('semesterledighet').match(term('semester'))).toBe(0.7);
  });

  it('treats the frame of a question as generic and "hen" as a pronoun', () => {
    const terms = questionTerms('Hur länge måste hen spara bokföringen?');
    expect(terms.map((t) => t.word)).toEqual(['länge', 'måste', 'spara', 'bokföringen']);
    expect(terms.find((t) => t.word === 'länge')?.weight).toBe(0.25);
    expect(terms.every((t) => t.quantity)).toBe(true);
    expect(questionTerms('Vem ansvarar för bokföringen?').some((t) => t.quantity)).toBe(false);
  });
});

describe('citation validator', () => {
  it('reads [n], [n, m] and [n–m]', () => {
    expect(citedNumbers('A [1]. B [2, 3] och [5–6][1].')).toEqual([1, 2, 3, 5, 6]);
  });

  it('accepts an answer citing only given excerpts', () => {
    expect(validateAnswer('Tjugofem dagar [1].', 2)).toEqual({ ok: true, cited: [1] });
  });

  it('rejects refusals, answers without citations and citations of excerpts that were not given', () => {
    expect(validateAnswer(REFUSAL_SENTENCE, 2)).toEqual({ ok: false, reason: 'model_refused' });
    expect(validateAnswer('Tjugofem dagar.', 2)).toEqual({ ok: false, reason: 'missing_citations' });
    expect(validateAnswer('Tjugofem dagar [3].', 2)).toEqual({ ok: false, reason: 'invalid_citation' });
    expect(validateAnswer('Tjugofem dagar [0].', 2)).toEqual({ ok: false, reason: 'invalid_citation' });
  });

  it('builds structured citations with the section URL and label', () => {
    const [c] = buildCitations([1], [{ n: 1, hit: { ...P4, label: '4 § (del 2 av 3)' } }]);
    expect(c).toMatchObject({ n: 1, sfs: '1977:480', anchor: 'P4', label: '4 §', url: '/lagar/1977:480#P4', title: 'Semesterlag (1977:480)' });
    expect(sectionLabelOf('3 kap. 2 a §')).toBe('3 kap. 2 a §');
  });
});

describe('extractive answer', () => {
  it('quotes the best sentence verbatim with its section and citation', () => {
    const answer = composeExtractiveAnswer(questionTerms('Hur många semesterdagar har en arbetstagare rätt till?'), [
      { n: 1, hit: P12 },
      { n: 2, hit: P4 },
    ]);
    expect(answer?.text).toContain('Semesterlag (1977:480), 4 §: ”En arbetstagare har rätt till semesterledighet om tjugofem dagar varje semesterår.” [1]');
    expect(answer?.cited).toContain(2);
    expect(validateAnswer(answer?.text ?? '', 2)).toMatchObject({ ok: true });
  });

  it('numbers its own sources from 1 in answer order, whatever their rank in retrieval', () => {
    const answer = composeExtractiveAnswer(questionTerms('Hur många semesterdagar har en arbetstagare rätt till?'), [
      { n: 1, hit: P12 },
      { n: 2, hit: P4 },
    ]);
    if (!answer) throw new Error('no answer');
    expect(answer.cited).toEqual([2]);
    expect(answer.sources).toEqual([{ n: 1, hit: P4 }]);
    expect(answer.text).toMatch(/\[1\]$/);
    expect(answer.text).not.toContain('[2]');
    const validation = validateAnswer(answer.text, answer.sources.length);
    if (!validation.ok) throw new Error(validation.reason);
    expect(buildCitations(validation.cited, answer.sources, answer.quotes)).toEqual([
      expect.objectContaining({ n: 1, sfs: '1977:480', anchor: 'P4', excerpt: 'En arbetstagare har rätt till semesterledighet om tjugofem dagar varje semesterår.' }),
    ]);
  });

  it('every quoted passage is a verbatim part of its section', () => {
    const answer = composeExtractiveAnswer(questionTerms('När ska semestern läggas ut under sommaren?'), [
      { n: 1, hit: P4 },
      { n: 2, hit: P12 },
    ]);
    expect(answer).not.toBeNull();
    for (const [n, quote] of answer?.quotes ?? []) {
      const text = (answer?.sources.find((e) => e.n === n)?.hit ?? P4).text;
      for (const part of quote.split(' … ')) expect(text).toContain(part);
    }
  });

  it('prefers the sentence with the number when the question asks how many', () => {
    const P8 = hit({
      anchor: 'P8',
      label: '8 §',
      text: 'Besked behöver inte lämnas innan arbetsgivaren har meddelat hur många semesterdagar utan lön arbetstagaren har eller kan beräknas få rätt till.',
    });
    const answer = composeExtractiveAnswer(questionTerms('Hur många semesterdagar har en arbetstagare rätt till?'), [
      { n: 1, hit: P8 },
      { n: 2, hit: P12 },
      { n: 3, hit: P4 },
    ]);
    expect(answer?.cited[0]).toBe(3);
    expect(answer?.text).toContain('tjugofem dagar');
  });

  it('returns null when no sentence shares a word with the question', () => {
    expect(composeExtractiveAnswer(questionTerms('Flygbiljett månen'), [{ n: 1, hit: P4 }])).toBeNull();
  });
});

describe('scope', () => {
  it('declines advice on individual cases but not questions about what the law says', () => {
    expect(outOfScopeTopic('Hur kan jag betala mindre skatt på min lön?')).toBe('skatteplanering för enskilda');
    expect(outOfScopeTopic('Hur ska jag försvara mig i rätten mot åtalet?')).toBe('försvar i brottmål');
    expect(outOfScopeTopic('Vilka straff kan en arbetsgivare få enligt arbetsmiljölagen?')).toBeNull();
    expect(outOfScopeTopic('Är jag sjuk om jag har feber?')).toBe('medicinska råd');
  });
});
