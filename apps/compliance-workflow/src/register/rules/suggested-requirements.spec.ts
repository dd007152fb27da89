import { join } from 'node:path';
import { AnchorSchema, type LawDocument } from '@laglig/contracts';
import { bundledLawDocument } from '@laglig/testing';
import { REGISTER_LAWS } from './rule-set';
import { SUGGESTED_REQUIREMENTS } from './suggested-requirements';

const CORPUS = join(__dirname, '../../../../../data/sfs');

type Node = LawDocument['structure']['body'][number];
function anchorsOf(doc: LawDocument): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: readonly Node[]) => {
    for (const n of nodes) {
      if (n.type === 'paragraf') out.add(n.anchor);
      else if ('children' in n) walk(n.children as Node[]);
    }
  };
  walk(doc.structure.body);
  return out;
}

describe('suggested requirements', () => {
  const laws = Object.keys(SUGGESTED_REQUIREMENTS);

  it.each(laws)('%s: every suggested anchor is a section of the bundled statute', (ref) => {
    const law = REGISTER_LAWS.find((l) => l.ref === ref);
    expect(law?.kind).toBe('SFS');
    const anchors = anchorsOf(bundledLawDocument(ref, CORPUS));
    for (const s of SUGGESTED_REQUIREMENTS[ref] ?? []) {
      expect(AnchorSchema.safeParse(s.anchor).success).toBe(true);
      expect({ anchor: s.anchor, exists: anchors.has(s.anchor) }).toEqual({ anchor: s.anchor, exists: true });
      expect(s.title.length).toBeGreaterThan(3);
      expect(s.description).toMatch(/\.$/);
    }
  });

  it('covers the main workplace laws', () => {
    expect(laws).toEqual(expect.arrayContaining(['1977:1160', '1977:480', '1982:673', '1982:80', '2008:567', '1991:1047', '2021:890']));
    expect(SUGGESTED_REQUIREMENTS['1977:1160']?.[0]).toMatchObject({ anchor: 'K3P2a', title: 'Systematiskt arbetsmiljöarbete' });
  });
});
