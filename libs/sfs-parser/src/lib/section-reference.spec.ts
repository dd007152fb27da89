import { chapterAnchor, sectionAnchor } from './anchors';
import { LAW_ALIASES, parseSectionReference } from './section-reference';

describe('sectionAnchor', () => {
  it.each([
    ['3', '2 a', 'K3P2a'],
    ['3 a', '2', 'K3aP2'],
    [null, '5', 'P5'],
    [null, '5 b', 'P5b'],
  ])('(%p, %p) -> %p', (chapter, number, anchor) => {
    expect(sectionAnchor(chapter, number)).toBe(anchor);
  });

  it('builds chapter anchors', () => {
    expect(chapterAnchor('3 a')).toBe('K3a');
  });
});

describe('parseSectionReference', () => {
  it.each([
    ['1977:1160', { sfs: '1977:1160' }],
    ['SFS 1977:1160', { sfs: '1977:1160' }],
    ['3 kap. 2 a §', { chapter: '3', section: '2 a', anchor: 'K3P2a' }],
    ['3 kap 2a §', { chapter: '3', section: '2 a', anchor: 'K3P2a' }],
    ['2 a §', { section: '2 a', anchor: 'P2a' }],
    ['1977:1160 3 kap. 2 a §', { sfs: '1977:1160', chapter: '3', section: '2 a', anchor: 'K3P2a' }],
    ['AML 3:2a', { sfs: '1977:1160', chapter: '3', section: '2 a', anchor: 'K3P2a' }],
    ['LAS 7 §', { sfs: '1982:80', section: '7', anchor: 'P7' }],
    ['7 § LAS', { sfs: '1982:80', section: '7', anchor: 'P7' }],
    ['miljöbalken 2 kap. 3 §', { sfs: '1998:808', chapter: '2', section: '3', anchor: 'K2P3' }],
    ['ÅRL', { sfs: '1995:1554' }],
    ['årl 3:4', { sfs: '1995:1554', chapter: '3', section: '4', anchor: 'K3P4' }],
    ['GDPR-lagen', { sfs: '2018:218' }],
    ['3 a kap.', { chapter: '3 a', anchor: 'K3a' }],
    ['3 kap. 2 § andra stycket', { chapter: '3', section: '2', stycke: 2, anchor: 'K3P2S2' }],
    ['3 kap. 2 § första stycket 3', { chapter: '3', section: '2', stycke: 1, punkt: '3', anchor: 'K3P2S1N3' }],
    ['SFS\u00a01977:1160  3\u00a0kap.\u00a02\u00a0a §', { sfs: '1977:1160', chapter: '3', section: '2 a', anchor: 'K3P2a' }],
  ])('%p', (input, expected) => {
    expect(parseSectionReference(input)).toEqual(expected);
  });

  it.each(['', '   ', 'hej', 'kapitel', 'AMLA 3 §§', 'MBX', '12345'])('returns null for %p', (input) => {
    expect(parseSectionReference(input)).toBeNull();
  });

  it('does not take an alias inside a longer word', () => {
    expect(parseSectionReference('Lambda 5 §')).toEqual({ section: '5', anchor: 'P5' });
  });

  it('exports the alias map', () => {
    expect(LAW_ALIASES['AML']).toBe('1977:1160');
    expect(LAW_ALIASES['semesterlagen']).toBe('1977:480');
    expect(LAW_ALIASES['dataskyddslagen']).toBe('2018:218');
    expect(LAW_ALIASES['MBL']).toBe('1976:580');
    for (const sfs of Object.values(LAW_ALIASES)) expect(sfs).toMatch(/^\d{4}:\d{1,4}$/);
    expect(parseSectionReference('Vad säger 11 § MBL?')).toMatchObject({ sfs: '1976:580', anchor: 'P11' });
  });
});
