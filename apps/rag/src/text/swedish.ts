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
 * same thing (keyed by stem). Only pairs where Swedish legislation
 * consistently uses another word than people asking do — labour law says
 * "arbetstagare" and "arbetstagarorganisation", not "anställd" or "facket";
 * tax law "mervärdesskatt", not "moms"; consumer law "distansavtal", not
 * "webbutik". Written from the statutes' vocabulary, not from evaluation
 * misses; scripts/eval's held-out set checks that it generalises. A
 * statutory word the index does not hold is ignored, so a pair costs
 * nothing where it does not apply.
 */
const STATUTORY_SYNONYMS: ReadonlyArray<[everyday: string[], statutory: string[]]> = [
  // Employment
  [['anställd', 'anställda', 'medarbetare', 'medarbetaren', 'personal', 'personalen'], ['arbetstagare']],
  [['fack', 'facket', 'fackförening', 'fackföreningen', 'fackklubb', 'fackklubben'], ['arbetstagarorganisation']],
  [['jobb', 'jobbet', 'jobba'], ['arbete', 'arbeta']],
  [['sparka', 'sparkas', 'sparkad', 'avskeda'], ['avskedande', 'uppsägning']],
  [['sjuk', 'sjukskriven', 'sjukskrivning', 'sjukskrivna'], ['sjukdom']],
  [['meddela', 'meddelas', 'informera', 'informeras', 'berätta', 'förvarna'], ['underrätta', 'underrättelse']],
  [['nyanställa', 'nyanställning', 'rekrytera', 'rekrytering'], ['anställning', 'anställa']],
  // Workplace safety
  [['åring', 'åringar', 'tonåring', 'tonåringar', 'ungdom', 'ungdomar', 'minderåriga'], ['minderårig']],
  [['kemikalie', 'kemikalier', 'kemikalierna'], ['kemiska', 'produkter']],
  [['olycka', 'olyckor', 'olyckan', 'arbetsolycka'], ['olycksfall', 'tillbud']],
  [['riskbedömning', 'riskbedömningar', 'riskanalys'], ['risker', 'undersöka']],
  // Environment
  [['byta', 'ersätta', 'ersättas'], ['ersättas']],
  [['skräp', 'sopor', 'restprodukt', 'restprodukter'], ['avfall']],
  // Data protection
  [['gdpr'], ['dataskyddsförordningen']],
  [['hälsouppgifter', 'hälsouppgift', 'sjukdata'], ['känsliga', 'personuppgifter']],
  // Bookkeeping, tax, companies, consumers
  [['moms', 'momsen', 'momssats', 'momssatsen'], ['mervärdesskatt', 'skattesats']],
  [['spara', 'sparas', 'arkivera', 'arkiveras'], ['bevara', 'bevaras']],
  [['bokföringen', 'bokföringsmaterial', 'kvitton', 'verifikationerna'], ['räkenskapsinformation']],
  [['webbutik', 'webbutiken', 'nätbutik', 'nätbutiken', 'näthandel', 'webbhandel', 'internet'], ['distansavtal']],
  [['kund', 'kunden', 'kunder', 'kunderna'], ['konsument', 'konsumenten']],
  [['trasig', 'trasiga', 'sönder', 'defekt', 'defekta'], ['felaktig', 'fel']],
];

let synonymIndex: Map<string, string[]> | undefined;

/**
 * Statutory words for an everyday word ("anställda" → ["arbetstagare"]), and
 * the -ation noun of an -era verb ("reklamera" → "reklamation", "informera"
 * → "information": the stemmer leaves "reklamer" and "reklamation" apart);
 * empty when there are none.
 */
export function statutorySynonyms(word: string): readonly string[] {
  synonymIndex ??= new Map(STATUTORY_SYNONYMS.flatMap(([everyday, statutory]) => everyday.map((w) => [stem(w), statutory] as [string, string[]])));
  const lower = word.toLowerCase();
  const out = [...(synonymIndex.get(stem(lower)) ?? [])];
  const verb = /^(\p{L}{3,})er(a|ar|ade|as|at)$/u.exec(lower);
  if (verb) out.push(`${verb[1]}ation`);
  return out.filter((w) => w !== lower);
}
