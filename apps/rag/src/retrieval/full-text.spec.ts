import { answerTypeWords, compoundSplits, DEFAULT_FULL_TEXT, idf, planFullText, questionWords, selectionQueries, tsqueryLiteral, type FullTextTerm, type QueryAnalysis } from './full-text';

function analysis(total: number, question: Array<[string, number, number | null]>, others: Record<string, Array<[string, number]>> = {}): QueryAnalysis {
  const lexemesOf = new Map<string, Array<{ lexeme: string; df: number }>>();
  for (const [input, lexemes] of Object.entries(others)) lexemesOf.set(input, lexemes.map(([lexeme, df]) => ({ lexeme, df })));
  return { total, question: question.map(([lexeme, df, prefixDf]) => ({ lexeme, df, prefixDf })), lexemesOf };
}

describe('compoundSplits', () => {
  it('reads a word as head + tail, with a linking -s- dropped and -o/-e/-u read as -a', () => {
    const splits = compoundSplits('hälsouppgifter');
    expect(splits).toContainEqual(['hälso', 'uppgifter']);
    expect(splits).toContainEqual(['hälsa', 'uppgifter']);
    expect(compoundSplits('arbetsmiljöansvar')).toContainEqual(['arbetsmiljö', 'ansvar']);
    expect(compoundSplits('livsmedelslagen')).toContainEqual(['livsmedel', 'lagen']);
    expect(compoundSplits('livsmedelslagen')).toContainEqual(['livsmedel', 'slagen']);
  });

  it('never splits numbers or leaves a part shorter than three letters', () => {
    expect(compoundSplits('2018')).toEqual([]);
    for (const [head, tail] of compoundSplits('skyddsombud')) {
      expect(head.length).toBeGreaterThanOrEqual(3);
      expect(tail.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('questionWords', () => {
  it('keeps content words once, with their statutory synonyms', () => {
    const words = questionWords('Hur många semesterdagar har en anställd rätt till? Anställd!');
    expect(words.map((w) => w.word)).toEqual(['semesterdagar', 'anställd', 'rätt']);
    expect(words.find((w) => w.word === 'anställd')?.synonyms).toEqual(['arbetstagare']);
  });
});

describe('planFullText', () => {
  it('weights terms by idf: a rare word counts far more than "får"', () => {
    const terms = planFullText(questionWords('Får semester sparas?'), analysis(10_000, [['får', 3_500, null], ['semest', 11, 60], ['spar', 16, 20]]));
    const weight = (q: string) => terms.find((t) => t.tsquery === q)?.weight ?? 0;
    expect(weight("'semest'")).toBeGreaterThan(5 * weight("'får'"));
    expect(weight("'semest'")).toBeCloseTo(idf(11, 10_000));
  });

  it('adds a discounted prefix term for a compound head, only when it prefixes other lexemes', () => {
    const terms = planFullText(questionWords('semester spara'), analysis(10_000, [['semest', 11, 60], ['spar', 16, 16]]));
    const prefix = terms.find((t) => t.tsquery === "'semest':*");
    expect(prefix).toMatchObject({ df: 60 });
    expect(prefix?.weight).toBeCloseTo(DEFAULT_FULL_TEXT.prefixWeight * idf(60, 10_000));
    expect(terms.find((t) => t.tsquery === "'spar':*")).toBeUndefined();
  });

  it('splits a word the index does not know into two words it knows, preferring the longest head', () => {
    const words = questionWords('arbetsmiljöansvar');
    const terms = planFullText(
      words,
      analysis(10_000, [['arbetsmiljöansv', 0, 0]], {
        arbetsmiljöansvar: [['arbetsmiljöansv', 0]],
        arbetsmiljö: [['arbetsmiljö', 300]],
        ansvar: [['ansv', 230]],
        arbets: [['arbet', 900]],
        miljöansvar: [['miljöansv', 0]],
      }),
    );
    expect(terms.map((t) => t.tsquery).sort()).toEqual(["'ansv'", "'arbetsmiljö'"]);
    expect(terms.find((t) => t.tsquery === "'ansv'")?.weight).toBeCloseTo(DEFAULT_FULL_TEXT.compoundPartWeight * idf(230, 10_000));
  });

  it('drops words absent from the index and adds statutory synonyms', () => {
    const terms = planFullText(
      questionWords('anställda hen'),
      analysis(10_000, [['anställd', 98, 120], ['hen', 0, null]], { anställda: [['anställd', 98]], hen: [['hen', 0]], arbetstagare: [['arbetstag', 329]] }),
    );
    expect(terms.map((t) => t.tsquery).sort()).toEqual(["'anställd'", "'anställd':*", "'arbetstag'"]);
  });

  it('selects candidates with the rarest terms within the budget; common terms only score', () => {
    const terms = planFullText(
      questionWords('x'),
      analysis(1_000_000, [['semesterdag', 10_000, null], ['mång', 3_500, null], ['arbetstag', 150_000, null], ['rätt', 160_000, null]]),
    );
    expect(terms.map((t) => [t.tsquery, t.selects])).toEqual([
      ["'mång'", true],
      ["'semesterdag'", true],
      ["'arbetstag'", false],
      ["'rätt'", false],
    ]);
    // Only common words: the rarest still selects when it is within twice the budget.
    const common = planFullText(questionWords('x'), analysis(1_000_000, [['gäll', 30_000, null], ['lag', 800_000, null]]));
    expect(common.filter((t) => t.selects).map((t) => t.tsquery)).toEqual(["'gäll'"]);
    const none = planFullText(questionWords('x'), analysis(1_000_000, [['lag', 800_000, null]]));
    expect(none.some((t) => t.selects)).toBe(false);
  });

  it('adds answer-type words that score but never select candidates', () => {
    const words = questionWords('Hur mycket aktiekapital behövs?');
    const terms = planFullText(
      words,
      analysis(10_000, [['aktiekapital', 300, 320], ['behövs', 200, null]], { kronor: [['kron', 121]], procent: [['procent', 83]], inom: [] }),
      DEFAULT_FULL_TEXT,
      ['kronor', 'procent', 'inom'],
    );
    const kron = terms.find((t) => t.tsquery === "'kron'");
    expect(kron).toMatchObject({ selects: false, answerType: true });
    expect(kron?.weight).toBeCloseTo(DEFAULT_FULL_TEXT.answerTypeWeight * idf(121, 10_000));
    // 'procent' is rarer than every word of the question, yet only the question's own words select.
    expect(terms.find((t) => t.tsquery === "'procent'")).toMatchObject({ selects: false });
    expect(terms.filter((t) => t.selects).map((t) => t.tsquery)).toEqual(["'behövs'", "'aktiekapital'", "'aktiekapital':*"]);
  });

  it('quotes lexemes safely for tsquery', () => {
    expect(tsqueryLiteral("o'hara")).toBe("'o''hara'");
    expect(tsqueryLiteral('semest', true)).toBe("'semest':*");
  });
});

describe('answerTypeWords', () => {
  it('asks amounts, periods and definitions of the statute; most questions ask none', () => {
    expect(answerTypeWords('Hur mycket aktiekapital behöver ett privat aktiebolag?')).toContain('kronor');
    expect(answerTypeWords('Hur hög kan en miljösanktionsavgift bli?')).toContain('procent');
    expect(answerTypeWords('Hur långt i förväg måste vi meddela semestern?')).toEqual(expect.arrayContaining(['månader', 'veckor', 'senast']));
    expect(answerTypeWords('Inom vilken tid ska en olycka anmälas?')).toContain('dagar');
    expect(answerTypeWords('Vad räknas som miljöfarlig verksamhet?')).toEqual(['avses', 'definitioner', 'betyder']);
    expect(answerTypeWords('Måste vi ha skyddsombud?')).toEqual([]);
    expect(answerTypeWords('Hur många semesterdagar har man rätt till?')).toEqual([]);
    // "hur hög" inside "hur högåldrig" is no amount question (\b would have matched before "å").
    expect(answerTypeWords('Hur högåldrig får en truckförare vara?')).toEqual([]);
  });
});

describe('selectionQueries', () => {
  const term = (tsquery: string, group: string, df: number, selects: boolean, intersects = true): FullTextTerm => ({ tsquery, group, df, weight: 1, selects, intersects });

  it('selects any selecting term, or chunks where a selecting word meets another question word', () => {
    const selection = selectionQueries([
      term("'semesterdag'", 'semesterdag', 10_000, true),
      term("'semest':*", 'semesterdag', 12_000, false),
      term("'mång'", 'mång', 3_500, true),
      term("'rätt'", 'rätt', 90_000, false),
      term("'lag'", 'lag', 800_000, false, false),
      { ...term("'dag'", '', 400, false, false), answerType: true },
    ]);
    expect(selection.any).toBe("'semesterdag' | 'mång'");
    expect(selection.estimated).toBe(13_500);
    // Each pair of words once; a word's prefix and exact form are one word; "lag" is too common to intersect.
    expect(selection.twoWords).toBe("('semesterdag' & 'mång') | ('semesterdag' & 'rätt') | ('mång' & 'rätt')");
  });

  it('pairs the usable words when nothing selects, and gives nothing for one word', () => {
    expect(selectionQueries([term("'tillstånd'", 'tillstånd', 47_000, false), term("'miljöfar'", 'miljöfar', 40_000, false)])).toEqual({
      any: null,
      twoWords: "('tillstånd' & 'miljöfar')",
      estimated: 0,
    });
    expect(selectionQueries([term("'skyddsombud'", 'skyddsombud', 11_000, true)])).toEqual({ any: "'skyddsombud'", twoWords: null, estimated: 11_000 });
    expect(selectionQueries([])).toEqual({ any: null, twoWords: null, estimated: 0 });
  });
});
