import type { SectionChange } from '@laglig/contracts';
import { cardDescription, cardTitle, reviewFlagText, sectionsOf, sectionsText, sectionText, touchedAnchors } from './change-text';

const section = (over: Partial<SectionChange> & Pick<SectionChange, 'anchor' | 'label' | 'kind'>): SectionChange => ({
  fromAnchor: null,
  editorial: false,
  summary: '',
  ...over,
});

describe('law change texts and matching', () => {
  const modified = section({ anchor: 'K1P4', label: '1 kap. 4 §', kind: 'modified', summary: 'Ordet "arbetsgivare" ersätts.' });
  const repealed = section({ anchor: 'K8P4', label: '8 kap. 4 §', kind: 'repealed' });
  const editorial = section({ anchor: 'K2P1', label: '2 kap. 1 §', kind: 'modified', editorial: true });
  const renumbered = section({ anchor: 'K3P2b', label: '3 kap. 2 b §', kind: 'renumbered', fromAnchor: 'K3P2a', editorial: true });

  it('titles the card the way amendment notes read', () => {
    const facts = { sfs: '1977:1160', title: 'Arbetsmiljölag (1977:1160)', kind: 'amended' as const, amendingSfs: '2026:1001', inForce: '2027-01-01' };
    expect(cardTitle({ ...facts, sections: [modified, repealed] })).toBe('Lagändring: Arbetsmiljölag (1977:1160) – ändr. 1 kap. 4 §, upph. 8 kap. 4 §');
    // Editorial sections are left out; renumbered ones are named with their old label.
    expect(cardTitle({ ...facts, sections: [editorial, renumbered, modified] })).toBe(
      'Lagändring: Arbetsmiljölag (1977:1160) – ändr. 1 kap. 4 §, 3 kap. 2 a § betecknas 3 kap. 2 b §',
    );
    expect(cardTitle({ ...facts, title: 'Arbetsmiljölag', kind: 'repealed', amendingSfs: '2026:2000', sections: [] })).toBe(
      'Lagändring: Arbetsmiljölag (1977:1160) – upphävd genom SFS 2026:2000',
    );
    expect(cardTitle({ ...facts, sections: [] })).toBe('Lagändring: Arbetsmiljölag (1977:1160) – ändr. genom SFS 2026:1001');
    const long = Array.from({ length: 80 }, (_, i) => section({ anchor: `K1P${i + 1}`, label: `1 kap. ${i + 1} §`, kind: 'modified' }));
    expect(cardTitle({ ...facts, sections: long })).toHaveLength(300);
  });

  it('groups sections by kind with plural forms', () => {
    const added = (n: number) => section({ anchor: `K2P${n}a`, label: `2 kap. ${n} a §`, kind: 'added' });
    expect(sectionsText([added(1)])).toBe('ny 2 kap. 1 a §');
    expect(sectionsText([added(1), added(2), modified])).toBe('ändr. 1 kap. 4 §, nya 2 kap. 1 a §, 2 kap. 2 a §');
    expect(sectionText(renumbered)).toBe('3 kap. 2 a § betecknas 3 kap. 2 b §');
  });

  it('touches the non-editorial sections and both anchors of a renumbered one', () => {
    expect(touchedAnchors([modified, editorial, renumbered, repealed]).sort()).toEqual(['K1P4', 'K3P2a', 'K3P2b', 'K8P4']);
    expect(touchedAnchors([editorial])).toEqual([]);
  });

  it('builds sections from the anchor lists of older events', () => {
    expect(sectionsOf({ added: ['K2P1a'], modified: ['K3P2a'], repealed: ['P7'] })).toEqual([
      section({ anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'modified' }),
      section({ anchor: 'K2P1a', label: '2 kap. 1 a §', kind: 'added' }),
      section({ anchor: 'P7', label: '7 §', kind: 'repealed' }),
    ]);
    expect(sectionsOf({ added: ['K1P1'], modified: [], repealed: [], sections: [modified] })).toEqual([modified]);
  });

  it('describes the change with links to the diff and the requirements', () => {
    const text = cardDescription(
      { sfs: '1977:1160', title: 'Arbetsmiljölag (1977:1160)', kind: 'amended', amendingSfs: '2026:1001', inForce: '2027-01-01', sections: [modified, editorial], changeId: '11111111-1111-4111-8111-111111111111' },
      [{ id: '22222222-2222-4222-8222-222222222222', title: 'Arbetsgivarens ansvar', anchor: 'K1P4' }],
      '33333333-3333-4333-8333-333333333333',
    );
    expect(text.split('\n')).toEqual([
      'Arbetsmiljölag (1977:1160) har ändrats genom SFS 2026:1001.',
      'Ikraftträdande: 2027-01-01',
      '',
      'Paragrafer:',
      '- Ändrad: 1 kap. 4 § – Ordet "arbetsgivare" ersätts.',
      '',
      'Ändringen: /lagar/1977:1160/andringar/11111111-1111-4111-8111-111111111111',
      '',
      'Krav att ompröva:',
      '- 1 kap. 4 § Arbetsgivarens ansvar: /app/33333333-3333-4333-8333-333333333333/krav/22222222-2222-4222-8222-222222222222',
    ]);
  });

  it('names a flag for the export', () => {
    const flag = { workspaceChangeId: 'x', changeId: null, sfs: '1977:1160', amendingSfs: '2026:1001', kind: 'amended' as const, inForce: null, sections: ['ändr. 3 kap. 2 a §'], at: '' };
    expect(reviewFlagText(flag)).toBe('Behöver omprövas (ändr. genom SFS 2026:1001: ändr. 3 kap. 2 a §)');
    expect(reviewFlagText({ ...flag, kind: 'repealed', amendingSfs: null, sections: [] })).toBe('Behöver omprövas (upphävd)');
  });
});
