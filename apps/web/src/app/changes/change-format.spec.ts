import type { LawChange, LawVersion, SectionDiff } from '@laglig/contracts';
import {
  atomFeedPath,
  changeHeading,
  changeLine,
  changePath,
  compareSelection,
  diffRuns,
  diffStatsText,
  sectionHref,
  sectionView,
  versionLabel,
} from './change-format';

const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
const version = (id: string, current: boolean, extra: Partial<LawVersion> = {}): LawVersion => ({
  id,
  contentHash: 'x',
  amendedThrough: null,
  createdAt: '2025-06-30T23:30:00Z',
  sectionCount: 10,
  current,
  ...extra,
});

describe('diff rendering', () => {
  it('merges adjacent runs of the same kind and drops empty ones', () => {
    expect(
      diffRuns([
        { op: 'equal', text: 'Arbetsgivaren ' },
        { op: 'equal', text: 'ska ' },
        { op: 'insert', text: '' },
        { op: 'delete', text: 'alltid ' },
        { op: 'delete', text: 'genast ' },
        { op: 'insert', text: 'utan dröjsmål ' },
        { op: 'equal', text: 'anmäla.' },
      ]),
    ).toEqual([
      { op: 'equal', text: 'Arbetsgivaren ska ' },
      { op: 'delete', text: 'alltid genast ' },
      { op: 'insert', text: 'utan dröjsmål ' },
      { op: 'equal', text: 'anmäla.' },
    ]);
    expect(diffRuns([])).toEqual([]);
  });

  it('counts words added and removed for screen readers', () => {
    expect(diffStatsText([{ op: 'insert', text: 'utan dröjsmål ' }, { op: 'delete', text: 'genast' }])).toBe('2 ord tillagda, 1 ord borttaget');
    expect(diffStatsText([{ op: 'insert', text: 'ny' }])).toBe('1 ord tillagt');
    expect(diffStatsText([{ op: 'equal', text: 'samma' }])).toBe('Inga ord ändrade');
    expect(diffStatsText([{ op: 'delete', text: ' – ' }, { op: 'insert', text: 'ny, ' }])).toBe('1 ord tillagt');
  });

  it('builds a section view with its law-page link (none for a repealed section) and labels', () => {
    const section: SectionDiff = {
      anchor: 'K3P2a',
      label: '3 kap. 2 a §',
      kind: 'modified',
      fromAnchor: null,
      editorial: true,
      summary: 'Skiljetecken',
      heading: 'Arbetsmiljöns beskaffenhet',
      parts: [{ op: 'insert', text: ',' }],
    };
    expect(sectionView('1977:1160', section)).toEqual({
      anchor: 'K3P2a',
      label: '3 kap. 2 a §',
      kind: 'modified',
      kindLabel: 'Ändrad',
      editorial: true,
      summary: 'Skiljetecken',
      heading: 'Arbetsmiljöns beskaffenhet',
      href: '/lagar/1977:1160#K3P2a',
      previousAnchor: null,
      runs: [{ op: 'insert', text: ',' }],
      stats: 'Bara skiljetecken ändrade',
    });
    expect(sectionView('1977:1160', { ...section, kind: 'repealed' }).href).toBeNull();
    expect(sectionView('1977:1160', { ...section, kind: 'renumbered', fromAnchor: 'K3P2' }).previousAnchor).toBe('K3P2');
  });
});

describe('change history', () => {
  const change: LawChange = {
    id: '33333333-3333-4333-8333-333333333333',
    sfs: '1977:1160',
    title: 'Arbetsmiljölag (1977:1160)',
    kind: 'amended',
    fromVersionId: V1,
    toVersionId: V2,
    amendingSfs: '2025:406',
    inForce: '2025-07-01',
    substantive: true,
    sections: Array.from({ length: 10 }, (_, i) => ({ anchor: `P${i + 1}`, label: `${i + 1} §`, kind: 'modified' as const, fromAnchor: null, editorial: false, summary: '' })),
    detectedAt: '2025-06-30T23:30:00Z',
    url: '/lagar/1977:1160/andringar/33333333-3333-4333-8333-333333333333',
  };

  it('paths keep the colon of the SFS number', () => {
    expect(changePath('1977:1160', change.id)).toBe(`/lagar/1977:1160/andringar/${change.id}`);
    expect(sectionHref('1904:48 s.1', 'P1')).toBe('/lagar/1904:48%20s.1#P1');
    expect(atomFeedPath('1977:1160')).toBe('/api/v1/laws/1977:1160/changes.atom');
  });

  it('one line per change: Stockholm date, kind, amending act, ikraftträdande, the first sections', () => {
    const line = changeLine(change);
    expect(line).toMatchObject({ date: '2025-07-01', kindLabel: 'Ändrad', amendingSfs: '2025:406', inForce: '2025-07-01', substantive: true, more: 2 });
    expect(line.sections[0]).toBe('1 § (ändrad)');
    expect(line.sections).toHaveLength(8);
    expect(line.href).toBe(change.url);
  });

  it('headings name the amending act', () => {
    expect(changeHeading(change)).toBe('Ändrad genom SFS 2025:406');
    expect(changeHeading({ kind: 'repealed', amendingSfs: null })).toBe('Upphävd');
    expect(changeHeading({ kind: 'new', amendingSfs: null })).toBe('Ny författning');
  });

  it('names versions for the pickers', () => {
    expect(versionLabel(version(V2, true, { amendedThrough: 'SFS 2025:406' }))).toBe('2025-07-01 · t.o.m. SFS 2025:406 (gällande)');
    expect(versionLabel(version(V1, false))).toBe('2025-07-01');
  });

  it('checks the two versions of a comparison', () => {
    const versions = [version(V2, true), version(V1, false)];
    expect(compareSelection(versions, V1, V2)).toEqual({ from: versions[1], to: versions[0] });
    expect(compareSelection(versions, null, V2)).toEqual({ error: 'Välj två versioner att jämföra.' });
    expect(compareSelection(versions, V1, V1)).toEqual({ error: 'Välj två olika versioner.' });
    expect(compareSelection(versions, V1, '44444444-4444-4444-8444-444444444444')).toEqual({ error: 'En av versionerna finns inte för den här författningen.' });
  });
});
