import { statutorySynonyms, stem, words } from './swedish';

describe('statutorySynonyms', () => {
  it('gives the word statutes use for an everyday word, in any inflection', () => {
    expect(statutorySynonyms('anställda')).toEqual(['arbetstagare']);
    expect(statutorySynonyms('Momsen')).toEqual(['mervärdesskatt', 'skattesats']);
    expect(statutorySynonyms('webbutiken')).toEqual(['distansavtal']);
    expect(statutorySynonyms('GDPR')).toEqual(['dataskyddsförordningen']);
  });

  it('gives the -ation noun of an -era verb, which the stemmer keeps apart', () => {
    expect(stem('reklamera')).not.toBe(stem('reklamation'));
    expect(statutorySynonyms('reklamera')).toEqual(['reklamation']);
    expect(statutorySynonyms('informeras')).toEqual(expect.arrayContaining(['underrätta', 'information']));
    expect(statutorySynonyms('era')).toEqual([]);
  });

  it('gives nothing for words statutes share with people', () => {
    expect(statutorySynonyms('lön')).toEqual([]);
    expect(statutorySynonyms('arbetsgivare')).toEqual([]);
  });
});

describe('words', () => {
  it('lower-cases and keeps Swedish letters and digits', () => {
    expect(words('Får 14-åringen jobba på LAGRET?')).toEqual(['får', '14', 'åringen', 'jobba', 'på', 'lagret']);
  });
});
