/**
 * Realistic Swedish questions for the rag benchmarks — what an HR manager,
 * a small business or a municipality officer asks about the statutes in the
 * bundle (labour, environment, data protection, company, consumer and
 * administrative law) — and deterministic variations of them, so that a
 * benchmark can draw hundreds of distinct queries (no query-cache effects in
 * PostgreSQL's buffers or ours) that still read like real questions.
 */
import { hashSeed, Prng } from '../lib/prng';

export const BASE_QUESTIONS: readonly string[] = [
  'hur många semesterdagar har man rätt till',
  'vad gäller vid uppsägning på grund av arbetsbrist',
  'får arbetsgivaren övervaka de anställdas e-post',
  'vilka uppgifter har ett skyddsombud',
  'när måste arbetsgivaren göra en riskbedömning',
  'hur ska farligt avfall hanteras',
  'hur lång uppsägningstid har en tillsvidareanställd',
  'vem betalar sjuklön de första två veckorna',
  'hur länge får en förälder vara föräldraledig',
  'vad räknas som diskriminering i arbetslivet',
  'hur mycket övertid får en arbetstagare arbeta',
  'vilka krav ställs på bokföringen i ett aktiebolag',
  'när ska årsredovisningen lämnas till Bolagsverket',
  'vilka uppgifter hos en myndighet omfattas av sekretess',
  'när behövs bygglov för en tillbyggnad',
  'när krävs tillstånd för miljöfarlig verksamhet',
  'vad ska verksamhetsutövarens egenkontroll innehålla',
  'vilka rättigheter har en konsument när en vara är felaktig',
  'hur lång ångerrätt har man vid köp på distans',
  'vad gäller för marknadsföring som riktar sig till barn',
  'när är en tillverkare skadeståndsskyldig för en defekt produkt',
  'vad gäller vid uppsägning av ett hyresavtal för en bostad',
  'hur ska en offentlig upphandling annonseras',
  'vilka kontroller av kunder kräver penningtvättslagen',
  'hur skyddas en arbetstagare som rapporterar missförhållanden',
  'hur överklagar man ett beslut av en myndighet',
  'vad krävs för att hantera brandfarliga och explosiva varor',
  'vilka dagar är allmänna helgdagar',
  'vilken information ska ett anställningsbesked innehålla',
  'när måste arbetsgivaren förhandla med facket före ett beslut',
  'vilka regler gäller för transport av farligt gods',
  'vad står i 3 kap. 2 a § arbetsmiljölagen',
];

/** Ways people frame a question; {q} is the question, {Q} the same with a capital letter. */
export const FRAMES: readonly string[] = [
  '{q}',
  '{Q}?',
  'Jag undrar {q}',
  'Kan du förklara {q}?',
  '{q} enligt svensk lag',
  'Enligt lagen, {q}?',
  'Fråga: {q}?',
  'Vet du {q}',
];

/** Circumstances appended to a question. */
export const CONTEXTS: readonly string[] = [
  '',
  ' för ett litet företag',
  ' i en kommun',
  ' för en privatperson',
  ' på en byggarbetsplats',
  ' inom vården',
  ' för ett aktiebolag',
  ' under 2025',
];

export function frameQuestion(question: string, frame: string, context: string): string {
  const q = `${question}${context}`;
  return frame.replace('{Q}', q.charAt(0).toUpperCase() + q.slice(1)).replace('{q}', q);
}

export interface BenchQuery {
  text: string;
  /** Index into BASE_QUESTIONS. */
  base: number;
}

/**
 * `count` distinct queries: first the base questions as they are, then
 * variations (frame × context) drawn with a generator seeded by (seed, i),
 * cycling through the base questions so each is varied equally often.
 * Deterministic for a given seed. At most BASE × FRAMES × CONTEXTS exist.
 */
export function benchQueries(count: number, seed = 1, bases: readonly string[] = BASE_QUESTIONS): BenchQuery[] {
  const max = bases.length * FRAMES.length * CONTEXTS.length;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number (got ${count})`);
  if (count > max) throw new Error(`at most ${max} distinct queries (asked for ${count})`);
  const out: BenchQuery[] = [];
  const seen = new Set<string>();
  const add = (text: string, base: number): boolean => {
    if (seen.has(text)) return false;
    seen.add(text);
    out.push({ text, base });
    return true;
  };
  for (let b = 0; b < bases.length && out.length < count; b++) add(bases[b] as string, b);
  for (let i = 0; out.length < count; i++) {
    const base = i % bases.length;
    const rng = new Prng(hashSeed(seed, 'query', i));
    // A few draws are enough in practice; fall back to a scan so the loop always ends.
    let added = false;
    for (let attempt = 0; attempt < 8 && !added; attempt++) {
      added = add(frameQuestion(bases[base] as string, rng.pick(FRAMES), rng.pick(CONTEXTS)), base);
    }
    for (let f = 0; f < FRAMES.length && !added; f++) {
      for (let c = 0; c < CONTEXTS.length && !added; c++) added = add(frameQuestion(bases[base] as string, FRAMES[f] as string, CONTEXTS[c] as string), base);
    }
  }
  return out;
}

/** `n` items drawn without replacement, deterministically (for law filters). */
export function sampleOf<T>(items: readonly T[], n: number, seed: number): T[] {
  if (n > items.length) throw new Error(`cannot draw ${n} of ${items.length}`);
  return new Prng(hashSeed(seed, 'sample', n)).shuffle([...items]).slice(0, n);
}
