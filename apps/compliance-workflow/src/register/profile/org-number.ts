/**
 * Swedish organisationsnummer (and a sole trader's personnummer, which serves
 * as the business's number): ten digits, NNNNNN-NNNN, the last one a Luhn
 * check digit over the first nine.
 */

/** Luhn (mod 10) over a digit string whose last digit is the check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits) || digits.length < 2) return false;
  let sum = 0;
  // From the right: the check digit has weight 1, the next 2, then 1, 2, …
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type OrgNumberResult = { ok: true; value: string } | { ok: false; message: string };

/** "5560360793" or "556036-0793" → "556036-0793" when the form and the check digit are right. */
export function normaliseOrgNumber(input: string): OrgNumberResult {
  const match = /^(\d{6})-?(\d{4})$/.exec(input.trim());
  if (!match) return { ok: false, message: 'Organisationsnumret ska ha formen NNNNNN-NNNN' };
  const digits = `${match[1]}${match[2]}`;
  if (!luhnValid(digits)) return { ok: false, message: 'Organisationsnumret är inte giltigt (kontrollsiffran stämmer inte)' };
  return { ok: true, value: `${match[1]}-${match[2]}` };
}

/**
 * What the number says about the legal form (Bolagsverket's numbering: the
 * first digit of an organisationsnummer, whose third digit is at least 2; a
 * personnummer has a month there, so 0 or 1).
 */
export type LegalForm =
  | 'sole-trader'
  | 'estate'
  | 'public'
  | 'foreign'
  | 'limited-company'
  | 'simple-partnership'
  | 'economic-association'
  | 'non-profit'
  | 'trading-partnership';

export function legalFormOf(orgNumber: string): LegalForm | null {
  const digits = orgNumber.replace('-', '');
  if (!/^\d{10}$/.test(digits)) return null;
  if (Number(digits[2]) < 2) return 'sole-trader';
  switch (digits[0]) {
    case '1':
      return 'estate';
    case '2':
      return 'public';
    case '3':
      return 'foreign';
    case '5':
      return 'limited-company';
    case '6':
      return 'simple-partnership';
    case '7':
      return 'economic-association';
    case '8':
      return 'non-profit';
    case '9':
      return 'trading-partnership';
    default:
      return null;
  }
}
