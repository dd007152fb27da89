import { diffSections, type ComparableSection } from './diff';

const s = (anchor: string, text: string, repealed = false, heading: string | null = null): ComparableSection => ({
  anchor,
  text,
  repealed,
  heading,
});

describe('diffSections', () => {
  it('finds added, modified and repealed anchors in document order', () => {
    const previous = [s('P1', 'Första.'), s('P2', 'Andra.'), s('P3', 'Tredje.'), s('P4', 'Fjärde.')];
    const next = [s('P1', 'Första.'), s('P2', 'Andra, ändrad.'), s('P2a', 'Ny.'), s('P3', 'Har upphävts genom lag (2024:1).', true)];
    expect(diffSections(previous, next)).toEqual({ added: ['P2a'], modified: ['P2'], repealed: ['P3', 'P4'], substantive: true });
  });

  it('marks a whitespace-only change as modified but not substantive', () => {
    const result = diffSections([s('P1', 'En  text.')], [s('P1', 'En text.')]);
    expect(result).toEqual({ added: [], modified: ['P1'], repealed: [], substantive: false });
  });

  it('counts a changed heading as a modification', () => {
    const result = diffSections([s('P1', 'Text.', false, 'Gammal rubrik')], [s('P1', 'Text.', false, 'Ny rubrik')]);
    expect(result.modified).toEqual(['P1']);
    expect(result.substantive).toBe(true);
  });

  it('treats a re-introduced section as added and ignores sections repealed in both', () => {
    const previous = [s('P1', 'Upphävd.', true), s('P2', 'Upphävd.', true)];
    const next = [s('P1', 'Ny lydelse.'), s('P2', 'Upphävd.', true)];
    expect(diffSections(previous, next)).toEqual({ added: ['P1'], modified: [], repealed: [], substantive: true });
  });

  it('reports nothing for identical versions', () => {
    const sections = [s('K1P1', 'a'), s('K1P2', 'b')];
    expect(diffSections(sections, sections)).toEqual({ added: [], modified: [], repealed: [], substantive: false });
  });
});
