import { legalFormOf, luhnValid, normaliseOrgNumber } from './org-number';

describe('organisationsnummer', () => {
  it('checks the Luhn digit', () => {
    expect(luhnValid('5560360793')).toBe(true);
    expect(luhnValid('5560360794')).toBe(false);
    expect(luhnValid('2120000142')).toBe(true);
    expect(luhnValid('8112189876')).toBe(true);
    expect(luhnValid('8112189875')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true); // the textbook example
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('55603a0793')).toBe(false);
  });

  it('normalises to NNNNNN-NNNN and explains a wrong number in Swedish', () => {
    expect(normaliseOrgNumber('5560360793')).toEqual({ ok: true, value: '556036-0793' });
    expect(normaliseOrgNumber(' 556036-0793 ')).toEqual({ ok: true, value: '556036-0793' });
    expect(normaliseOrgNumber('556036-0794')).toEqual({ ok: false, message: 'Organisationsnumret är inte giltigt (kontrollsiffran stämmer inte)' });
    expect(normaliseOrgNumber('556036 0793')).toEqual({ ok: false, message: 'Organisationsnumret ska ha formen NNNNNN-NNNN' });
    expect(normaliseOrgNumber('19556036-0793')).toMatchObject({ ok: false });
  });

  it('reads the legal form', () => {
    expect(legalFormOf('556036-0793')).toBe('limited-company');
    expect(legalFormOf('212000-0142')).toBe('public');
    expect(legalFormOf('802002-4553')).toBe('non-profit');
    expect(legalFormOf('969001-2340')).toBe('trading-partnership');
    expect(legalFormOf('811218-9876')).toBe('sole-trader');
    expect(legalFormOf('nonsense')).toBeNull();
  });
});
