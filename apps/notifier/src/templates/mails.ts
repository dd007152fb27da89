import { WORKSPACE_ROLE_LABELS, type EventPayload, type WorkspaceRole } from '@laglig/contracts';
import { formatCalendarDate, formatDateTime, formatDayMonth, oneLine } from './format';
import { renderMail, type RenderedMail } from './layout';
import { links } from './links';

/**
 * The transactional mails, in Swedish. Each takes the validated event payload
 * and returns subject, plain text and HTML. Names and titles come from users:
 * they are flattened to one line here and escaped by the layout.
 */
export interface TemplateContext {
  /** WEB_BASE_URL */
  webBaseUrl: string;
}

const greeting = (displayName: string): string => {
  const name = oneLine(displayName, 80);
  return name ? `Hej ${name}!` : 'Hej!';
};

export function verificationMail(p: EventPayload<'user.registered'>, ctx: TemplateContext): RenderedMail {
  return renderMail({
    subject: 'Bekräfta din e-postadress hos Laglig',
    heading: 'Bekräfta din e-postadress',
    greeting: greeting(p.displayName),
    intro: ['Välkommen till Laglig! Bekräfta att den här e-postadressen är din, så att du kan ta emot inbjudningar, påminnelser och lagbevakning.'],
    action: { label: 'Bekräfta e-postadressen', url: links.verifyEmail(ctx.webBaseUrl, p.verificationToken) },
    notes: [`Länken gäller till ${formatDateTime(p.expiresAt)}.`, 'Har du inte skapat något konto hos Laglig kan du bortse från det här meddelandet.'],
  });
}

export function passwordResetMail(p: EventPayload<'password.reset-requested'>, ctx: TemplateContext): RenderedMail {
  return renderMail({
    subject: 'Återställ ditt lösenord hos Laglig',
    heading: 'Återställ ditt lösenord',
    greeting: greeting(p.displayName),
    intro: ['Vi har fått en begäran om att återställa lösenordet till ditt konto hos Laglig. Välj ett nytt lösenord via länken nedan.'],
    action: { label: 'Välj nytt lösenord', url: links.resetPassword(ctx.webBaseUrl, p.resetToken) },
    notes: [
      `Länken gäller till ${formatDateTime(p.expiresAt)} och kan bara användas en gång.`,
      'Har du inte begärt det här kan du bortse från meddelandet. Ditt lösenord förblir då oförändrat.',
    ],
  });
}

const ROLE_DESCRIPTIONS: Record<WorkspaceRole, string> = {
  OWNER: 'Som ägare har du full behörighet till arbetsytan, även att hantera medlemmar och ta bort den.',
  ADMIN: 'Som administratör kan du arbeta med laglistor och tavlan och hantera arbetsytans medlemmar.',
  MEMBER: 'Som medlem kan du arbeta med laglistor, kravpunkter och tavlan.',
  AUDITOR: 'Som revisor kan du läsa laglistor, kravpunkter, bevis och aktivitetsloggen men inte ändra något.',
};

export function invitationMail(p: EventPayload<'member.invited'>, ctx: TemplateContext): RenderedMail {
  const inviter = oneLine(p.invitedByName, 80) || 'En kollega';
  const workspace = oneLine(p.workspaceName, 80);
  return renderMail({
    subject: `${oneLine(inviter, 50)} har bjudit in dig till ${oneLine(workspace, 60)} i Laglig`,
    heading: `Inbjudan till ${workspace}`,
    greeting: 'Hej!',
    intro: [
      [{ strong: inviter }, ' har bjudit in dig att gå med i arbetsytan ', { strong: workspace }, ' i Laglig med rollen ', { strong: WORKSPACE_ROLE_LABELS[p.role] }, '.'],
      ROLE_DESCRIPTIONS[p.role],
    ],
    action: { label: 'Öppna inbjudan', url: links.invitation(ctx.webBaseUrl, p.token) },
    notes: [
      `Inbjudan gäller till ${formatDateTime(p.expiresAt)}.`,
      'Känner du inte igen avsändaren kan du bortse från det här meddelandet.',
    ],
  });
}

export type CardDueAssignee = EventPayload<'card.due'>['assignees'][number];

export function cardDueMail(p: EventPayload<'card.due'>, assignee: CardDueAssignee, ctx: TemplateContext): RenderedMail {
  const title = oneLine(p.title, 120) || 'Namnlöst kort';
  const workspace = oneLine(p.workspaceName, 80);
  return renderMail({
    subject: `Påminnelse: ”${oneLine(title, 70)}” ska vara klart ${formatDayMonth(p.dueDate)}`,
    heading: 'Påminnelse om förfallodatum',
    greeting: greeting(assignee.displayName),
    intro: [['Kortet ', { strong: title }, ' på tavlan i ', { strong: workspace }, ` ska vara klart ${formatCalendarDate(p.dueDate)}.`]],
    action: { label: 'Öppna tavlan', url: links.board(ctx.webBaseUrl, p.workspaceId) },
    notes: ['Du får den här påminnelsen eftersom du är tilldelad kortet.'],
  });
}
