import { changeSummary, changeTitle, escapeXml, stockholmDayBoundary } from './changes-feed';

describe('change feed helpers', () => {
  it('titles a change by its kind and amending act', () => {
    const title = 'Arbetsmiljölag (1977:1160)';
    expect(changeTitle({ title, kind: 'amended', amendingSfs: '2025:406' })).toBe('Arbetsmiljölag (1977:1160) ändrad genom SFS 2025:406');
    expect(changeTitle({ title, kind: 'repealed', amendingSfs: '2026:1' })).toBe('Arbetsmiljölag (1977:1160) upphävd genom SFS 2026:1');
    expect(changeTitle({ title, kind: 'new', amendingSfs: null })).toBe('Arbetsmiljölag (1977:1160): ny författning');
  });

  it('summarises an editorial change without sections', () => {
    expect(changeSummary({ inForce: null, substantive: false, sections: [] })).toBe('Endast redaktionella ändringar.');
    expect(changeSummary({ inForce: null, substantive: true, sections: [] })).toBe('Inga paragrafer ändrades.');
  });

  it('escapes the five XML characters and drops forbidden control characters', () => {
    expect(escapeXml(`a&b<c>"d"'e'\u0000\u001f`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
  });

  it('turns a date into the bounds of that day in Stockholm, across daylight saving time', () => {
    expect(stockholmDayBoundary('2025-01-15', false)).toBe('2025-01-15T00:00:00.000+01:00');
    expect(stockholmDayBoundary('2025-07-15', true)).toBe('2025-07-15T23:59:59.999+02:00');
    expect(stockholmDayBoundary('2025-07-15T10:00:00Z', false)).toBe('2025-07-15T10:00:00Z');
  });
});
