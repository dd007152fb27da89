import { REFUSAL_SENTENCE } from '@laglig/contracts';
import type { ChatMessage } from './chat-model';
import { sectionLabelOf, type Excerpt } from './citations';

export const SYSTEM_PROMPT = [
  'Du är Laglig, en assistent som förklarar vad svensk lagtext säger för företag som arbetar med regelefterlevnad.',
  'Regler:',
  '1. Använd ENDAST de numrerade utdragen ur lagtext nedan. Använd aldrig annan kunskap och gissa aldrig.',
  '2. Varje påstående ska följas av källan i hakparentes med utdragets nummer, till exempel [1] eller [1][3]. Hänvisa bara till nummer som finns bland utdragen.',
  `3. Om utdragen inte besvarar frågan, svara exakt: "${REFUSAL_SENTENCE}" och ingenting annat.`,
  '4. Ge inte råd i enskilda ärenden (till exempel skatteplanering eller försvar i brottmål); förklara bara vad lagen säger.',
  '5. Svara på svenska, sakligt och kortfattat (högst cirka 150 ord). Citera gärna lagtextens ordalydelse.',
].join('\n');

/** The numbered excerpts and the question, as the model sees them. */
export function buildMessages(question: string, excerpts: readonly Excerpt[]): ChatMessage[] {
  const blocks = excerpts.map((e) => {
    const where = e.hit.heading;
    return `[${e.n}] ${e.hit.title}, ${sectionLabelOf(e.hit.label)}${where ? ` (${where})` : ''}\n${e.hit.text}`;
  });
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Utdrag ur lagtext:\n\n${blocks.join('\n\n')}\n\nFråga: ${question}` },
  ];
}
