import { csvField, toCsv } from './csv';
import { slug } from './register-export.service';

describe('register CSV', () => {
  it('writes UTF-8 with BOM, semicolons and CRLF, quoting per RFC 4180', () => {
    const csv = toCsv([
      ['Område', 'Lag', 'Kommentar'],
      ['Miljö', 'Miljöbalk (1998:808)', 'Se "rutin 4"; reviderad'],
      ['Arbetsmiljö', 'Arbetsmiljölag (1977:1160)', 'rad ett\nrad två'],
    ]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe(
      'Område;Lag;Kommentar\r\n' + 'Miljö;Miljöbalk (1998:808);"Se ""rutin 4""; reviderad"\r\n' + 'Arbetsmiljö;Arbetsmiljölag (1977:1160);"rad ett\nrad två"\r\n',
    );
  });

  it('defuses cells that a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+46 8 123')).toBe(`'+46 8 123`);
    expect(csvField('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvField('Ja')).toBe('Ja');
  });

  it('makes a file name from the workspace name', () => {
    expect(slug('Bygg & Montage i Västerås AB')).toBe('bygg-montage-i-vasteras-ab');
    expect(slug('ÅÄÖ')).toBe('aao');
    expect(slug('***')).toBe('arbetsyta');
  });
});
