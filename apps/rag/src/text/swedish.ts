import { newStemmer, type Stemmer } from 'snowball-stemmers';

/** Function words that carry no meaning for retrieval (Snowball's Swedish list, abridged). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du henne då sin nu har inte hans honom ' +
    'skulle hennes där min man ej vid kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller ' +
    'allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan ' +
    'vår blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas många'
  ).split(' '),
);

/** Lower-cased words (letters and digits, Swedish letters included). */
export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

let shared: Stemmer | undefined;

/** Snowball Swedish stem ("semesterdagar" → "semesterdag"); numbers are kept as they are. */
export function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  shared ??= newStemmer('swedish');
  return shared.stem(word);
}

/**
 * Everyday words of compliance questions and the words statutes use for the
 * same thing (keyed by stem). Deliberately small: only pairs where Swedish
 * legislation consistently uses another word than people asking do — labour
 * law says "arbetstagare" and "arbetstagarorganisation", not "anställd" or
 * "facket".
 */
const STATUTORY_SYNONYMS: ReadonlyArray<[everyday: string[], statutory: string[]]> = [
  [['anställd', 'anställda', 'medarbetare', 'medarbetaren', 'personal', 'personalen'], ['arbetstagare']],
  [['fack', 'facket', 'fackförening', 'fackföreningen'], ['arbetstagarorganisation']],
  [['jobb', 'jobbet', 'jobba'], ['arbete', 'arbeta']],
];

let synonymIndex: Map<string, string[]> | undefined;

/** Statutory words for an everyday word ("anställda" → ["arbetstagare"]); empty when there are none. */
export function statutorySynonyms(word: string): readonly string[] {
  synonymIndex ??= new Map(STATUTORY_SYNONYMS.flatMap(([everyday, statutory]) => everyday.map((w) => [stem(w), statutory] as [string, string[]])));
  return synonymIndex.get(stem(word.toLowerCase())) ?? [];
}
