import { lawPath } from './sfs-path';

describe('lawPath', () => {
  it('keeps the colon and encodes the rest', () => {
    expect(lawPath('1977:1160')).toBe('/lagar/1977:1160');
    expect(lawPath('1904:48 s.1')).toBe('/lagar/1904:48%20s.1');
  });
});
