import { lawPageUrl, sectionLabel } from './section-label';

describe('section labels', () => {
  it('reads the lagen.nu anchors', () => {
    expect(sectionLabel('K3P2a')).toBe('3 kap. 2 a §');
    expect(sectionLabel('K6P2')).toBe('6 kap. 2 §');
    expect(sectionLabel('P4')).toBe('4 §');
    expect(sectionLabel('K39P11a')).toBe('39 kap. 11 a §');
    expect(sectionLabel(null)).toBeNull();
    expect(sectionLabel('AFS2023-1_P1')).toBeNull();
    expect(lawPageUrl('1977:1160', 'K3P2a')).toBe('/lagar/1977:1160#K3P2a');
    expect(lawPageUrl('1977:1160')).toBe('/lagar/1977:1160');
  });
});
