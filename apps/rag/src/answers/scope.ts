/**
 * Questions the service declines by design, whatever the retrieval finds:
 * Laglig explains what statutes say; it does not advise on an individual's
 * case. Kept deliberately narrow — a question about what a law requires is in
 * scope even when it mentions tax or crime ("Vilka straff finns för …").
 */
const OUT_OF_SCOPE: ReadonlyArray<{ topic: string; pattern: RegExp }> = [
  {
    topic: 'skatteplanering för enskilda',
    pattern: /(?<!\p{L})(skatteplaner\w*|betala (så )?(lite|mindre) skatt|slippa (betala )?skatt|undvika (att betala )?skatt|smita från skatt|skattefusk\w*)/iu,
  },
  {
    topic: 'försvar i brottmål',
    pattern: /(?<!\p{L})(försvara mig|mitt försvar|försvarsstrategi\w*|(slippa|undgå|komma undan) (straff|åtal|dom)\w*|bli frikänd|frias i rätten|vad ska jag säga (till|i|hos) (polis\w*|förhör\w*|rätten))/iu,
  },
  {
    topic: 'medicinska råd',
    pattern: /(?<!\p{L})(vilken medicin|vilket läkemedel|diagnos på mig|mina symtom|är jag sjuk)(?!\p{L})/iu,
  },
];

export const SCOPE_MESSAGE =
  'Jag svarar bara på frågor om vad svenska lagar säger, med hänvisning till paragrafen. ' +
  'Jag kan inte ge råd i enskilda ärenden, till exempel om skatteplanering för privatpersoner, ' +
  'försvar i brottmål eller medicinska frågor. Vänd dig till en advokat eller annan rådgivare.';

/** The declined topic a question asks about, or null when it is in scope. */
export function outOfScopeTopic(question: string): string | null {
  return OUT_OF_SCOPE.find((s) => s.pattern.test(question))?.topic ?? null;
}
