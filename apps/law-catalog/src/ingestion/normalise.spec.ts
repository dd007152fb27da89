import { amendingSfsOf, contentHash, isoDateIn, normaliseText, sfsNumberIn } from './normalise';

describe('normaliseText / contentHash', () => {
  const lf = '1 § Arbetstagare har rätt till semester.\n\n2 § Ett avtal är ogiltigt.';

  it('gives CRLF, BOM, no-break spaces and trailing blanks the same hash as the clean text', () => {
    const messy = '\uFEFF1 §\u00A0Arbetstagare har rätt till semester.   \r\n\r\n\r\n\r\n2 § Ett avtal är ogiltigt.\r\n\r\n';
    expect(normaliseText(messy)).toBe(lf);
    expect(contentHash(normaliseText(messy))).toBe(contentHash(lf));
  });

  it('keeps a real change of wording visible in the hash', () => {
    expect(contentHash(lf.replace('ogiltigt', 'giltigt'))).not.toBe(contentHash(lf));
  });

  it('hashes with sha256 hex', () => {
    expect(contentHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('keeps single blank lines between paragraphs and line breaks within them', () => {
    expect(normaliseText('a\nb\n\n\nc')).toBe('a\nb\n\nc');
  });
});

describe('source field helpers', () => {
  it('reads the amending SFS of "Ändring införd"', () => {
    expect(amendingSfsOf('t.o.m. SFS 2023:349')).toBe('2023:349');
    expect(amendingSfsOf('t.o.m. 2025:730')).toBe('2025:730');
    expect(amendingSfsOf(null)).toBeNull();
    expect(amendingSfsOf('(original lydelse)')).toBeNull();
  });

  it('reads ISO dates and rejects impossible ones', () => {
    expect(isoDateIn('1978-01-01 överg.best.')).toBe('1978-01-01');
    expect(isoDateIn('1992-01-01 00:00:00')).toBe('1992-01-01');
    expect(isoDateIn('2023-02-30')).toBeNull();
    expect(isoDateIn(undefined)).toBeNull();
  });

  it('reads SFS numbers', () => {
    expect(sfsNumberIn('SFS 1991:1929')).toBe('1991:1929');
    expect(sfsNumberIn('')).toBeNull();
  });
});
