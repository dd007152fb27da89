import { resolveMentions, type Mentionable } from './mentions';

const anna: Mentionable = { userId: 'u-anna', displayName: 'Anna Andersson', email: 'anna@firma.se' };
const annaK: Mentionable = { userId: 'u-anna-k', displayName: 'Anna', email: 'anna.k@firma.se' };
const bo: Mentionable = { userId: 'u-bo', displayName: 'Bo Ek', email: 'bo@firma.se' };
const members = [anna, annaK, bo];

describe('resolveMentions', () => {
  it('resolves display names with spaces and e-mail addresses, in order of appearance', () => {
    expect(resolveMentions('Hej @Bo Ek och @anna@firma.se, kolla 3 kap. 2 a §', members)).toEqual(['u-bo', 'u-anna']);
  });

  it('prefers the longest name and is case-insensitive', () => {
    expect(resolveMentions('@anna andersson: klart?', members)).toEqual(['u-anna']);
    expect(resolveMentions('@Anna, klart?', members)).toEqual(['u-anna-k']);
  });

  it('requires a word boundary after the name and none before the @', () => {
    expect(resolveMentions('@Annabel ringde', members)).toEqual([]);
    expect(resolveMentions('skriv till kalle@Bo Ek', members)).toEqual([]);
    expect(resolveMentions('(@Bo Ek)', members)).toEqual(['u-bo']);
  });

  it('names each member once and ignores unknown names', () => {
    expect(resolveMentions('@Bo Ek @bo@firma.se @Okänd Person', members)).toEqual(['u-bo']);
  });

  it('names every member who shares a display name', () => {
    const twin: Mentionable = { userId: 'u-bo-2', displayName: 'Bo Ek', email: 'bo.ek@annat.se' };
    expect(resolveMentions('@Bo Ek', [bo, twin])).toEqual(['u-bo', 'u-bo-2']);
  });

  it('handles Swedish letters', () => {
    const asa: Mentionable = { userId: 'u-asa', displayName: 'Åsa Öberg', email: 'asa@firma.se' };
    expect(resolveMentions('Tack @åsa öberg!', [asa])).toEqual(['u-asa']);
  });
});
