import type { Citation } from '@laglig/contracts';
import { answerParagraphs, answerPlainText, answerSegments, citationLabel, sitePath } from './answer-text';

function citation(n: number, anchor: string, label: string): Citation {
  return {
    n,
    sfs: '1977:480',
    title: 'Semesterlag (1977:480)',
    anchor,
    label,
    excerpt: `Utdrag ${n}.`,
    url: `/lagar/1977:480#${anchor}`,
  };
}

const C1 = citation(1, 'P4', '4 §');
const C2 = citation(2, 'P12a', '12 a §');

describe('citationLabel', () => {
  it('names the source, the law and the section', () => {
    expect(citationLabel(C1)).toBe('Källa 1: Semesterlag (1977:480) 4 §');
  });
});

describe('sitePath', () => {
  it('splits path and fragment of a site path', () => {
    expect(sitePath('/lagar/1977:480#P4')).toEqual({ path: '/lagar/1977:480', fragment: 'P4' });
    expect(sitePath('/lagar/1977:480')).toEqual({ path: '/lagar/1977:480', fragment: undefined });
  });

  it('refuses anything that is not a path on this site', () => {
    for (const url of ['https://example.com/x', '//example.com/x', 'javascript:alert(1)', '/\\example.com', 'lagar/1977:480']) {
      expect(sitePath(url)).toBeNull();
    }
  });
});

describe('answerSegments', () => {
  it('turns [n] markers into links to the cited section', () => {
    expect(answerSegments('Minst 25 semesterdagar [1]. Se även [2]', [C1, C2])).toEqual([
      { kind: 'text', text: 'Minst 25 semesterdagar ' },
      { kind: 'cite', n: 1, text: '[1]', path: '/lagar/1977:480', fragment: 'P4', label: 'Källa 1: Semesterlag (1977:480) 4 §' },
      { kind: 'text', text: '. Se även ' },
      { kind: 'cite', n: 2, text: '[2]', path: '/lagar/1977:480', fragment: 'P12a', label: 'Källa 2: Semesterlag (1977:480) 12 a §' },
    ]);
  });

  it('links each number of a group and keeps the brackets and separators as text', () => {
    const segments = answerSegments('Regeln [1, 2].', [C1, C2]);
    expect(segments.map((s) => (s.kind === 'cite' ? `<${s.text}>` : s.text)).join('')).toBe('Regeln [<1>, <2>].');
    expect(answerSegments('x [1–2]', [C1, C2]).filter((s) => s.kind === 'cite')).toHaveLength(2);
    expect(answerSegments('x [1; 2]', [C1, C2]).filter((s) => s.kind === 'cite')).toHaveLength(2);
  });

  it('keeps markers without a citation as plain text (citations arrive after the streamed text)', () => {
    expect(answerSegments('Svar [1] och [3].', [])).toEqual([{ kind: 'text', text: 'Svar [1] och [3].' }]);
    expect(answerSegments('Svar [1] och [3].', [C1]).map((s) => s.kind)).toEqual(['text', 'cite', 'text']);
  });

  it('never links a citation whose url leaves the site', () => {
    expect(answerSegments('x [1]', [{ ...C1, url: 'https://evil.example/' }])).toEqual([{ kind: 'text', text: 'x [1]' }]);
  });

  it('leaves markup-looking text as text and ignores non-numeric brackets', () => {
    expect(answerSegments('<b>[a]</b> [ 1 ] [1]', [C1])).toEqual([
      { kind: 'text', text: '<b>[a]</b> [ 1 ] ' },
      expect.objectContaining({ kind: 'cite', n: 1 }),
    ]);
  });

  it('returns no segments for empty text', () => {
    expect(answerSegments('', [C1])).toEqual([]);
  });
});

describe('answerParagraphs', () => {
  it('splits on blank lines (also CRLF) and drops empty paragraphs', () => {
    const paragraphs = answerParagraphs('Första [1].\r\n\r\nAndra\nrad.\n\n\n  \n', [C1]);
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]?.map((s) => s.kind)).toEqual(['text', 'cite', 'text']);
    expect(paragraphs[1]).toEqual([{ kind: 'text', text: 'Andra\nrad.' }]);
  });
});

describe('answerPlainText', () => {
  it('copies the answer and numbered sources with absolute links', () => {
    expect(answerPlainText('Minst 25 dagar [1].', [C1], 'https://laglig.se/')).toBe(
      ['Minst 25 dagar [1].', '', 'Källor:', '[1] Semesterlag (1977:480) 4 § – https://laglig.se/lagar/1977:480#P4', '    ”Utdrag 1.”'].join('\n'),
    );
  });

  it('is only the answer when there are no sources', () => {
    expect(answerPlainText(' Jag har inte tillräcklig information för att svara på det. ', [], 'https://laglig.se')).toBe(
      'Jag har inte tillräcklig information för att svara på det.',
    );
  });
});
