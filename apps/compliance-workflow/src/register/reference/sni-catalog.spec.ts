import { join } from 'node:path';
import { flatSniCode, SniCatalog, sniDivision } from './sni-catalog';

const catalog = SniCatalog.fromDataDir(join(__dirname, '../../../../../data'));

describe('SNI 2007', () => {
  it('holds the numeric levels of the bundled list (88 + 272 + 615 + 821 codes)', () => {
    expect(catalog.size).toBe(88 + 272 + 615 + 821);
  });

  it('finds a code at any level, with or without the dot, in the dotted form', () => {
    expect(catalog.lookup('41.200')).toMatchObject({ code: '41.200', flat: '41200', level: 5, title: 'Byggande av bostadshus och andra byggnader' });
    expect(catalog.lookup('41200')?.code).toBe('41.200');
    expect(catalog.lookup('41')).toMatchObject({ code: '41', level: 2 });
    expect(catalog.lookup('41.2')).toMatchObject({ code: '41.2', level: 3 });
    expect(catalog.lookup('4120')).toMatchObject({ code: '41.20', level: 4 });
    expect(catalog.lookup('56.100')?.title).toMatch(/restaurang/i);
    expect(catalog.lookup('62.010')?.title).toMatch(/dataprogrammering/i);
  });

  it('knows codes that do not exist', () => {
    expect(catalog.lookup('99.999')).toBeNull();
    expect(catalog.lookup('00')).toBeNull();
    expect(catalog.lookup('A')).toBeNull();
    expect(catalog.lookup('4.12')).toBeNull();
    expect(flatSniCode('41.20.0')).toBeNull();
  });

  it('searches by code prefix and by words of the title, case-insensitively', () => {
    expect(catalog.search('41.2', 10).map((e) => e.code)).toEqual(['41.2', '41.20', '41.200']);
    expect(catalog.search('4120', 10).map((e) => e.code)).toEqual(['41.20', '41.200']);
    const restaurants = catalog.search('RESTAURANG', 50);
    expect(restaurants.length).toBeGreaterThan(0);
    expect(restaurants.every((e) => /restaurang/i.test(e.title))).toBe(true);
    expect(catalog.search('byggande bostadshus', 10).map((e) => e.code)).toContain('41.200');
    expect(catalog.search('Framställning av ÖL', 10).map((e) => e.code)).toEqual(expect.arrayContaining(['11.05', '11.050']));
    expect(catalog.search('bygg', 3)).toHaveLength(3);
    expect(catalog.search('finnsinte', 10)).toEqual([]);
  });

  it('gives the division of a code', () => {
    expect(sniDivision('41.200')).toBe(41);
    expect(sniDivision('01.110')).toBe(1);
  });
});
