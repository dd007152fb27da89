import { LAW_CHANGE_KIND_LABELS, SECTION_CHANGE_LABELS, type LawChangeKind, type SectionChange } from '@laglig/contracts';
import type { DigestPeriod } from '../law-changes/period';
import { formatCalendarDate, formatDayMonth, formatLongDate, oneLine } from './format';
import { renderMail, type Block, type Paragraph, type RenderedMail } from './layout';
import { appLink } from './links';
import type { TemplateContext } from './mails';

/** A law change as the mails show it. */
export interface MailChange {
  /** The notifier's own id of the change (law_changes_inbox.id). */
  id: string;
  /** law-catalog's change id: the diff page; null links to the law page. */
  changeId: string | null;
  sfs: string;
  title: string;
  kind: LawChangeKind;
  amendingSfs: string | null;
  inForce: string | null;
  sections: readonly SectionChange[];
  /** One machine-written sentence on the change (SUMMARY_PROVIDER=openai); shown above the section lines, labelled as such. */
  aiSummary?: string | null;
}

export interface MailRequirement {
  id: string;
  title: string;
}

export interface MailEntry {
  change: MailChange;
  /** Requirements the change re-opened in this workspace (requirements.flagged); empty: link to the register. */
  requirements: readonly MailRequirement[];
}

export interface MailList {
  listId: string;
  listName: string;
  entries: readonly MailEntry[];
  /** Turns this list's law-change mail off. */
  unsubscribeUrl: string;
}

export interface MailWorkspace {
  workspaceId: string;
  workspaceName: string;
  lists: readonly MailList[];
}

export interface LawChangeMailInput {
  displayName: string;
  workspaces: readonly MailWorkspace[];
  /** Turns all law-change mail off (also the List-Unsubscribe header). */
  unsubscribeAllUrl: string;
  /** The mail's date (YYYY-MM-DD, DIGEST_TZ): "träder" or "trädde i kraft". */
  today: string;
}

/** Precedes a machine-written summary: the reader must know a model wrote it and that the section lines are the source. */
export const AI_SUMMARY_LABEL = 'Sammanfattning (maskinellt skapad, kontrollera mot lagtexten):';

/** Sections listed per change; the rest is summarised ("och 12 paragrafer till"). */
const MAX_SECTIONS = 25;

export const lawLinks = {
  change: (base: string, c: Pick<MailChange, 'sfs' | 'changeId'>) =>
    appLink(base, c.changeId ? `/lagar/${sfsPath(c.sfs)}/andringar/${encodeURIComponent(c.changeId)}` : `/lagar/${sfsPath(c.sfs)}`),
  requirement: (base: string, workspaceId: string, requirementId: string) =>
    appLink(base, `/app/${encodeURIComponent(workspaceId)}/krav/${encodeURIComponent(requirementId)}`),
  register: (base: string, workspaceId: string) => appLink(base, `/app/${encodeURIComponent(workspaceId)}/laglista`),
  workspaces: (base: string) => appLink(base, '/app'),
  unsubscribe: (base: string, token: string) => appLink(base, '/avregistrera', { token }),
};

/** "1977:1160" stays readable in the path, as the web app writes it (apps/web core/sfs-path.ts). */
function sfsPath(sfs: string): string {
  return encodeURIComponent(sfs).replace(/%3A/gi, ':');
}

const greeting = (displayName: string): string => {
  const name = oneLine(displayName, 80);
  return name ? `Hej ${name}!` : 'Hej!';
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Distinct changes in the mail (a change on two lists counts once). */
export function countChanges(workspaces: readonly MailWorkspace[]): number {
  return new Set(workspaces.flatMap((w) => w.lists.flatMap((l) => l.entries.map((e) => e.change.id)))).size;
}

/** "Ändrad genom SFS 2026:406, träder i kraft 1 juli 2026." */
function changeLine(c: MailChange, today: string): string {
  const kind = LAW_CHANGE_KIND_LABELS[c.kind];
  const parts = [c.amendingSfs ? `${kind} genom SFS ${oneLine(c.amendingSfs, 30)}` : kind];
  if (c.inForce && /^\d{4}-\d{2}-\d{2}$/.test(c.inForce)) {
    const verb = c.kind === 'repealed' ? (c.inForce <= today ? 'upphörde att gälla' : 'upphör att gälla') : c.inForce <= today ? 'trädde i kraft' : 'träder i kraft';
    parts.push(`${verb} ${formatLongDate(c.inForce)}`);
  }
  return `${parts.join(', ')}.`;
}

/** Substantive sections first, then editorial ones (marked "Redaktionell"), each in the order law-catalog gave. */
function sectionItems(sections: readonly SectionChange[]): Paragraph[] {
  const ordered = [...sections.filter((s) => !s.editorial), ...sections.filter((s) => s.editorial)];
  const items: Paragraph[] = ordered.slice(0, MAX_SECTIONS).map((s) => {
    const label = oneLine(s.label, 60) || oneLine(s.anchor, 60);
    const kind = `${SECTION_CHANGE_LABELS[s.kind]}${s.editorial ? ' (Redaktionell)' : ''}`;
    const summary = oneLine(s.summary, 300);
    return [{ strong: label }, ` – ${kind}${summary ? `: ${summary}` : ''}`];
  });
  if (ordered.length > MAX_SECTIONS) items.push(`… och ${plural(ordered.length - MAX_SECTIONS, 'paragraf', 'paragrafer')} till.`);
  return items;
}

function entryBlocks(entry: MailEntry, workspaceId: string, base: string, today: string): Block[] {
  const c = entry.change;
  const blocks: Block[] = [
    { heading: `${oneLine(c.title, 150)} (SFS ${oneLine(c.sfs, 30)})`, level: 4 },
    { paragraph: changeLine(c, today) },
  ];
  const summary = c.aiSummary ? oneLine(c.aiSummary, 400) : '';
  if (summary) blocks.push({ paragraph: [{ strong: AI_SUMMARY_LABEL }, ` ${summary}`] });
  const sections = sectionItems(c.sections);
  if (sections.length > 0) blocks.push({ items: sections });
  blocks.push({ paragraph: [{ link: c.changeId ? 'Visa ändringarna' : 'Visa lagen', url: lawLinks.change(base, c) }] });
  if (entry.requirements.length > 0) {
    blocks.push({ paragraph: 'Kravpunkter som behöver omprövas:' });
    blocks.push({
      items: entry.requirements.map((r) => [{ link: oneLine(r.title, 120) || 'Kravpunkt', url: lawLinks.requirement(base, workspaceId, r.id) }]),
    });
  } else {
    blocks.push({ paragraph: [{ link: 'Se laglistan', url: lawLinks.register(base, workspaceId) }] });
  }
  return blocks;
}

function bodyBlocks(input: LawChangeMailInput, base: string): Block[] {
  const blocks: Block[] = [];
  for (const ws of input.workspaces) {
    blocks.push({ heading: oneLine(ws.workspaceName, 80) || 'Arbetsyta', level: 2 });
    for (const list of ws.lists) {
      blocks.push({ heading: `Laglista: ${oneLine(list.listName, 80)}`, level: 3 });
      for (const entry of list.entries) blocks.push(...entryBlocks(entry, ws.workspaceId, base, input.today));
      blocks.push({ paragraph: [{ link: `Sluta få e-post om laglistan ${oneLine(list.listName, 80)}`, url: list.unsubscribeUrl }] });
    }
  }
  return blocks;
}

function action(input: LawChangeMailInput, base: string): { label: string; url: string } {
  const only = input.workspaces.length === 1 ? input.workspaces[0] : undefined;
  return only ? { label: 'Öppna laglistan', url: lawLinks.register(base, only.workspaceId) } : { label: 'Öppna Laglig', url: lawLinks.workspaces(base) };
}

function notes(input: LawChangeMailInput, why: string): Paragraph[] {
  return [
    why,
    'Du kan välja direktutskick, dagligt sammandrag, veckosammandrag eller inga e-postmeddelanden för varje laglista i inställningarna för aviseringar i Laglig.',
    [{ link: 'Sluta få e-post om lagändringar', url: input.unsubscribeAllUrl }],
  ];
}

/**
 * The digest: subject "Lagbevakning 3 december: 2 ändringar i dina laglistor"
 * (a weekly-only digest says "vecka 49"), grouped per workspace → law list →
 * law, each change with its kind, amending SFS, ikraftträdande, the
 * machine-written summary when there is one (labelled as such), the changed
 * sections (substantive before editorial) and links to the diff and to the
 * requirements it re-opened (or the register).
 */
export function digestMail(input: LawChangeMailInput & { period: DigestPeriod; weeklyOnly: boolean }, ctx: TemplateContext): RenderedMail {
  const count = countChanges(input.workspaces);
  const when = input.weeklyOnly ? `vecka ${input.period.isoWeek}` : formatDayMonth(input.period.date);
  return renderMail({
    subject: `Lagbevakning ${when}: ${plural(count, 'ändring', 'ändringar')} i dina laglistor`,
    heading: input.weeklyOnly ? `Lagbevakning vecka ${input.period.isoWeek}, ${input.period.isoWeekYear}` : `Lagbevakning ${formatCalendarDate(input.period.date)}`,
    greeting: greeting(input.displayName),
    intro: [
      `Sedan ${input.weeklyOnly ? 'förra veckosammandraget' : 'förra sammandraget'} har det kommit ${plural(count, 'ändring', 'ändringar')} i lagarna i dina laglistor. Här är vad som har ändrats och vad det påverkar.`,
    ],
    blocks: bodyBlocks(input, ctx.webBaseUrl),
    action: action(input, ctx.webBaseUrl),
    notes: notes(input, `Du får det här sammandraget eftersom du bevakar laglistor i Laglig (${input.weeklyOnly ? 'veckosammandrag' : 'dagligt sammandrag'}).`),
  });
}

/** One change mailed at once (lists set to "direkt", or a statute the user marked critical). */
export function immediateMail(input: LawChangeMailInput & { critical: boolean }, ctx: TemplateContext): RenderedMail {
  const change = input.workspaces[0]?.lists[0]?.entries[0]?.change;
  if (!change) throw new Error('an immediate mail needs a change');
  const title = oneLine(change.title, 80);
  const verb = change.kind === 'repealed' ? 'har upphävts' : change.kind === 'new' ? 'har kommit' : 'har ändrats';
  return renderMail({
    subject: `Lagändring: ${title} (SFS ${oneLine(change.sfs, 30)}) ${verb}`,
    heading: `${title} ${verb}`,
    greeting: greeting(input.displayName),
    intro: [
      [
        'En lag i dina laglistor ',
        verb,
        input.critical ? '. Du har markerat den som kritisk, så du får besked direkt.' : '. Du har valt att få besked direkt vid varje ändring.',
      ],
    ],
    blocks: bodyBlocks(input, ctx.webBaseUrl),
    action: action(input, ctx.webBaseUrl),
    notes: notes(input, 'Du får det här meddelandet eftersom du bevakar laglistor i Laglig.'),
  });
}
