import { parseSectionReference } from '@laglig/sfs-parser';
import { buildOrQuery, excerpt, isReferenceQuery, lawNameIn, quoteLexeme, residualWords } from './query';

describe('buildOrQuery', () => {
  it('ORs the lexemes, long ones as prefixes (Swedish compounds)', () => {
    expect(buildOrQuery(['mång', 'semesterdag', 'rätt'])).toEqual({
      query: "'mång' | 'semesterdag':* | 'rätt'",
      terms: ["'mång'", "'semesterdag':*", "'rätt'"],
    });
  });

  it('drops duplicates and bare numbers when there are words', () => {
    expect(buildOrQuery(['4', 'säg', 'säg'])?.query).toBe("'säg'");
    expect(buildOrQuery(['1977'])?.query).toBe("'1977'");
  });

  it('returns null when nothing is left (only stop words)', () => {
    expect(buildOrQuery([])).toBeNull();
  });

  it('quotes lexemes so user input cannot inject tsquery syntax', () => {
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
    expect(buildOrQuery(["x' | !y"])?.query).toBe("'x'' | !y':*");
  });

  it('caps the number of terms', () => {
    expect(buildOrQuery(Array.from({ length: 40 }, (_, i) => `ord${i}`))?.terms).toHaveLength(16);
  });
});

describe('reference or words', () => {
  const decide = (q: string, namedSfs: string | null = null, ignore: string[] = ['AML', 'arbetsmiljölagen']): boolean => {
    const ref = parseSectionReference(q);
    return isReferenceQuery(q, ref, namedSfs ?? ref?.sfs ?? null, ignore);
  };

  it('answers SFS numbers and section references exactly', () => {
    expect(decide('1977:1160')).toBe(true);
    expect(decide('SFS 1977:1160')).toBe(true);
    expect(decide('3 kap. 2 a §')).toBe(true);
    expect(decide('3 kap. 2 a § arbetsmiljölagen')).toBe(true);
    expect(decide('AML 3:2a')).toBe(true);
  });

  it('keeps questions that merely mention a section as full text', () => {
    expect(decide('vad säger 4 § om semester')).toBe(false);
    expect(decide('hur många semesterdagar har man rätt till')).toBe(false);
  });

  it('treats a named statute plus other words as a question, a named statute alone as a reference', () => {
    expect(decide('arbetsmiljölagen skyddsombud', '1977:1160')).toBe(false);
    expect(decide('föräldraledighetslagen', '1995:584', ['föräldraledighetslagen'])).toBe(true);
  });

  it('finds statute names in text', () => {
    expect(lawNameIn('5 § föräldraledighetslagen')).toEqual({ word: 'föräldraledighetslagen', stem: 'föräldraledighetslag' });
    expect(lawNameIn('miljöbalken 2 kap')).toEqual({ word: 'miljöbalken', stem: 'miljöbalk' });
    expect(lawNameIn('hur många semesterdagar')).toBeNull();
  });

  it('strips reference noise from the residual words', () => {
    expect(residualWords('vad säger 3 kap. 2 a § första stycket', [])).toEqual(['vad', 'säger']);
    expect(residualWords('SFS 1977:1160', [])).toEqual([]);
  });
});

describe('excerpt', () => {
  it('cuts long texts at a word boundary', () => {
    const text = 'ord '.repeat(100);
    const cut = excerpt(text, 40);
    expect(cut.length).toBeLessThanOrEqual(42);
    expect(cut.endsWith(' …')).toBe(true);
    expect(excerpt('kort  text')).toBe('kort text');
  });
});
