/**
 * The compliance dashboard in Chromium against the real stack (gateway →
 * compliance-workflow, notifier writing mail to files, the web server's /api
 * proxy): register, create a workspace, onboard with SNI 41.200 and see the
 * generated list with its reasons, assess a requirement as Delvis, move a
 * card to "Klart" and see it move in a second browser context in real time,
 * export the register as .xlsx and read it with exceljs, and an auditor who
 * sees everything but no edit controls.
 */
import { SCREENING_QUESTIONS } from '@laglig/contracts';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { collectErrors, launchBrowser, newContext, screenshotPath } from './support/browser';
import { stackUrls } from './support/env';
import { waitForMailMatch } from './support/mail';

const ROOT = resolve(__dirname, '../../..');
const run = randomBytes(3).toString('hex');
const OWNER = { name: 'Olle Ägare', email: `olle.${run}@example.se`, password: 'ett långt lösenord för olle' };
const AUDITOR = { name: 'Rut Revisor', email: `rut.${run}@example.se`, password: 'ett långt lösenord för rut' };
const COMPANY = { name: 'Bygg & Montage i Västerås AB', orgNumber: '556016-0680', employees: '25' };
const MOTIVATION = 'Rutin för riskbedömning finns, men uppföljningen är inte dokumenterad.';
const CARD_TITLE = 'Uppdatera riskbedömningen för ställningar';
/** "Within a second or two" for a move to reach the other browser, with room for a loaded 2-core machine. */
const LIVE_TIMEOUT_MS = 3_000;

interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** Console noise that is not an error of the app: a refused API call the page handles (shown in the UI). */
const expectedNoise = (line: string) => /Failed to load resource: the server responded with a status of (401|409)/.test(line);

describe('Compliance dashboard in Chromium', () => {
  const { web } = stackUrls();
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let workspaceUrl = '';
  let owner: Opened;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });

  async function open(width = 1280): Promise<Opened> {
    const context = await newContext(browser, { width, height: 900 });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return { context, page, errors: collectErrors(page) };
  }

  function appErrors(opened: Opened): string[] {
    return opened.errors.filter((e) => !expectedNoise(e));
  }

  async function logIn(page: Page, user: { email: string; password: string }, till: string): Promise<void> {
    await page.goto(`${web}/logga-in?till=${encodeURIComponent(till)}`);
    await page.getByLabel('E-postadress').fill(user.email);
    await page.getByLabel('Lösenord').fill(user.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL((url) => url.pathname === till.split('?')[0]);
  }

  /** Drags with the mouse the way a person does: press, move past cdk's threshold, move over the target, release. */
  async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
    const from = await source.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('drag source or target is not visible');
    await page.mouse.move(from.x + 4, from.y + 4);
    await page.mouse.down();
    await page.mouse.move(from.x + 14, from.y + 14, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + Math.min(40, to.height / 2), { steps: 20 });
    await page.waitForTimeout(100);
    await page.mouse.up();
  }

  function column(page: Page, name: string): Locator {
    return page.locator('section.column').filter({ has: page.getByRole('heading', { name: new RegExp(`^${name}\\b`) }) });
  }

  it('registers, confirms the e-mail address and creates a workspace', async () => {
    owner = await open();
    const { page } = owner;
    await page.goto(`${web}/`);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Logga in' }).click();
    await page.getByRole('link', { name: 'Skapa ett konto' }).click();
    await page.waitForURL('**/registrera');
    await page.getByLabel('Ditt namn').fill(OWNER.name);
    await page.getByLabel('E-postadress').fill(OWNER.email);
    await page.getByLabel('Lösenord').fill(OWNER.password);
    await page.getByRole('button', { name: 'Skapa konto' }).click();

    // Registered and signed in at once: the workspace list, with the banner about the unconfirmed address.
    await page.getByRole('heading', { name: 'Mina arbetsytor' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await page.getByRole('region', { name: 'Bekräfta e-postadress' }).innerText()).toContain(OWNER.email);
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mina arbetsytor' }).count()).toBe(1);

    // The verification mail's link confirms the address; the banner goes away.
    const token = await waitForMailMatch(OWNER.email, /\/verifiera-epost\?token=([A-Za-z0-9_-]+)/);
    await page.goto(`${web}/verifiera-epost?token=${token}`);
    await page.getByText('Tack! Din e-postadress är bekräftad.').waitFor();

    await page.getByRole('link', { name: 'Till dina arbetsytor' }).click();
    await page.getByRole('heading', { name: 'Mina arbetsytor' }).waitFor();
    expect(await page.getByRole('region', { name: 'Bekräfta e-postadress' }).count()).toBe(0);

    await page.getByLabel('Företagets eller arbetsytans namn').fill('Bygg & Montage');
    await page.getByRole('button', { name: 'Skapa arbetsyta' }).click();
    await page.waitForURL(/\/app\/[0-9a-f-]{36}\/kom-igang$/);
    workspaceUrl = page.url().replace(/\/kom-igang$/, '');
    await page.locator('.shell-name', { hasText: 'Bygg & Montage' }).waitFor();
    await page.locator('.shell-role', { hasText: 'Din roll: Ägare' }).waitFor();
    expect(appErrors(owner)).toEqual([]);
  });

  it('onboards with SNI 41.200 and shows the generated list with the reason for every law', async () => {
    const { page } = owner;
    await page.getByRole('heading', { name: 'Kom igång' }).waitFor();
    // The form checks the fields before anything is sent.
    await page.getByRole('button', { name: 'Skapa laglista' }).click();
    await page.locator('#foretag-orgnr-fel', { hasText: 'Organisationsnumret ska ha formen NNNNNN-NNNN' }).waitFor({ timeout: 5_000 });
    await page.getByText('Ange minst en SNI-kod').waitFor({ timeout: 5_000 });
    expect(await page.getByText('Ange minst en SNI-kod').count()).toBe(1);

    await page.getByLabel('Företagets namn').fill(COMPANY.name);
    await page.getByLabel('Organisationsnummer').fill(COMPANY.orgNumber);
    const sni = page.getByRole('combobox', { name: 'SNI-kod (bransch)' });
    await sni.fill('41.200');
    const option = page.getByRole('option', { name: /41\.200/ });
    await option.waitFor();
    await page.locator('[role="combobox"][aria-expanded="true"]').waitFor({ timeout: 5_000 });
    await option.click();
    await page.getByRole('list', { name: 'Valda SNI-koder' }).getByText('Byggande av bostadshus och andra byggnader').waitFor();
    await page.getByLabel('Antal anställda').fill(COMPANY.employees);
    for (const key of ['chemicals', 'vehicles', 'construction', 'machinery']) {
      const question = SCREENING_QUESTIONS.find((q) => q.key === key);
      if (!question) throw new Error(`no screening question ${key}`);
      await page.getByRole('group', { name: question.label }).getByLabel('Ja').check();
    }
    await page.getByRole('button', { name: 'Skapa laglista' }).click();

    const generated = page.getByTestId('generated-list');
    await generated.waitFor({ timeout: 30_000 });
    const aml = generated.locator('li.generated-item').filter({ hasText: 'Arbetsmiljölag (1977:1160)' });
    expect(await aml.count()).toBe(1);
    const reasons = await aml.getByRole('list', { name: 'Därför gäller lagen' }).locator('li').allInnerTexts();
    expect(reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SNI 41–43 Byggverksamhet: /), expect.stringMatching(/^Minst 5 anställda: skyddsombud/)]),
    );
    // Every law on the list says why it is there.
    const items = generated.locator('li.generated-item');
    const count = await items.count();
    expect(count).toBeGreaterThan(5);
    for (let i = 0; i < count; i++) expect(await items.nth(i).locator('ul.reasons > li').count()).toBeGreaterThan(0);
    // Focus moves to the result.
    await page.waitForFunction(() => document.activeElement?.id === 'skapad-lista-rubrik', undefined, { timeout: 5_000 });
    await page.screenshot({ path: screenshotPath(ROOT, 'compliance-generated-list.png'), fullPage: true });
    expect(appErrors(owner)).toEqual([]);
  });

  it('sets a requirement to Delvis with a motivering, and requires one for Ej tillämplig', async () => {
    const { page } = owner;
    await page.getByRole('link', { name: 'Öppna laglistan' }).click();
    await page.waitForURL(/\/laglista\?lista=/);
    const group = page.locator('tbody.law-group[data-ref="1977:1160"]');
    await group.waitFor();
    expect(await group.locator('ul.reasons > li').count()).toBeGreaterThan(0);
    const requirement = group.locator('tr.requirement-row').filter({ hasText: 'Systematiskt arbetsmiljöarbete' });
    expect(await requirement.getByText('Ej bedömd').count()).toBe(1);
    await requirement.getByRole('link', { name: 'Systematiskt arbetsmiljöarbete' }).click();
    await page.getByRole('heading', { level: 1, name: 'Systematiskt arbetsmiljöarbete' }).waitFor();

    // Ej tillämplig without a motivering: a field error, nothing is sent.
    await page.getByRole('radio', { name: /^Ej tillämplig/ }).check();
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    const motivation = page.getByLabel(/^Motivering/);
    // The error renders on the next change detection: wait for it rather than read at once.
    await page.locator('#krav-motivering[aria-invalid="true"]').waitFor({ timeout: 5_000 });
    expect(await motivation.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#krav-motivering-fel', { hasText: 'Ange en motivering till varför kravet inte är tillämpligt.' }).waitFor({ timeout: 5_000 });
    await page.waitForFunction(() => document.activeElement?.id === 'krav-motivering', undefined, { timeout: 5_000 });

    await page.getByRole('radio', { name: /^Delvis/ }).check();
    await motivation.fill(MOTIVATION);
    await page.getByLabel('Åtgärd', { exact: true }).fill('Inför kvartalsvis uppföljning i skyddskommittén.');
    await page.getByLabel('Ansvarig').selectOption({ label: OWNER.name });
    await page.getByLabel('Nästa granskning').fill('2030-06-30');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.locator('.save-status', { hasText: /^Sparat / }).waitFor();
    // The history shows the change, old → new.
    await page.locator('ol.history li', { hasText: 'Status' }).filter({ hasText: 'Delvis' }).first().waitFor();
    await page.screenshot({ path: screenshotPath(ROOT, 'compliance-requirement.png'), fullPage: true });

    // Saved for real: a reload shows it, and so does the register.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Systematiskt arbetsmiljöarbete' }).waitFor();
    expect(await page.getByRole('radio', { name: /^Delvis/ }).isChecked()).toBe(true);
    expect(await page.getByLabel(/^Motivering/).inputValue()).toBe(MOTIVATION);
    await page.getByRole('link', { name: '← Laglistan' }).click();
    const row = page.locator('tbody.law-group[data-ref="1977:1160"] tr.requirement-row').filter({ hasText: 'Systematiskt arbetsmiljöarbete' });
    await row.locator('.status-DELVIS', { hasText: 'Delvis' }).waitFor();
    expect(await row.innerText()).toContain(OWNER.name);

    // The filters narrow the table (and live in the URL).
    await page.getByLabel('Status').selectOption({ label: 'Delvis' });
    await page.waitForURL(/status=DELVIS/);
    expect(await page.locator('tr.requirement-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Rensa filter' }).click();
    await page.waitForURL((url) => !url.search.includes('status='));
    expect(await page.locator('tr.requirement-row').count()).toBeGreaterThan(1);
    expect(appErrors(owner)).toEqual([]);
  });

  it('moves a card to Klart in one browser and shows it in another within seconds', async () => {
    const { page } = owner;
    await page.goto(`${workspaceUrl}/tavla`);
    const todo = column(page, 'Att göra');
    await todo.waitFor();
    await todo.getByLabel('Nytt kort i Att göra').fill(CARD_TITLE);
    await todo.getByRole('button', { name: 'Lägg till', exact: true }).click();
    const card = todo.locator('li.card', { hasText: CARD_TITLE });
    await card.waitFor();

    // The same user in a second browser context (another device): it sees the card and is live.
    const other = await open();
    await logIn(other.page, OWNER, new URL(`${workspaceUrl}/tavla`).pathname);
    await column(other.page, 'Att göra').locator('li.card', { hasText: CARD_TITLE }).waitFor();
    await other.page.locator('.shell-live[data-status="live"]').waitFor();
    await page.locator('.shell-live[data-status="live"]').waitFor();

    const done = column(page, 'Klart');
    await drag(page, card, done.locator('ul.cards'));
    const movedAt = Date.now();
    // Shown in Klart at once here (optimistic), then confirmed by the server.
    await done.locator('li.card', { hasText: CARD_TITLE }).waitFor({ timeout: 1_000 });
    await column(other.page, 'Klart').locator('li.card', { hasText: CARD_TITLE }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    const seenAfterMs = Date.now() - movedAt;
    expect(seenAfterMs).toBeLessThan(LIVE_TIMEOUT_MS);
    expect(await column(other.page, 'Att göra').locator('li.card', { hasText: CARD_TITLE }).count()).toBe(0);
    await page.locator('li.card.is-pending').waitFor({ state: 'detached' });
    expect(await page.locator('.board-error').count()).toBe(0);

    // And back with the keyboard alternative ("Flytta till…"), seen live in the first browser.
    const otherCard = column(other.page, 'Klart').locator('li.card', { hasText: CARD_TITLE });
    await otherCard.getByRole('button', { name: /^Flytta kortet .* till …$/ }).focus();
    await other.page.keyboard.press('Enter');
    await other.page.getByRole('menuitem', { name: 'Till Pågår' }).waitFor();
    await other.page.getByRole('menuitem', { name: 'Till Pågår' }).press('Enter');
    await column(page, 'Pågår').locator('li.card', { hasText: CARD_TITLE }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.screenshot({ path: screenshotPath(ROOT, 'compliance-board.png'), fullPage: true });

    // The card dialog: a comment is counted once, here and in the other browser.
    await column(page, 'Pågår').getByRole('button', { name: CARD_TITLE, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: CARD_TITLE });
    await dialog.waitFor();
    const box = dialog.getByLabel('Ny kommentar');
    await box.fill('Klart till fredag, @Ol');
    // "@" offers the members to mention.
    await dialog.getByRole('group', { name: 'Nämn en medlem' }).getByRole('button', { name: `@${OWNER.name}` }).click();
    expect(await box.inputValue()).toBe(`Klart till fredag, @${OWNER.name} `);
    await dialog.getByRole('button', { name: 'Kommentera' }).click();
    await dialog.locator('li.comment', { hasText: 'Klart till fredag' }).locator('strong.mention', { hasText: `@${OWNER.name}` }).waitFor();
    await page.screenshot({ path: screenshotPath(ROOT, 'compliance-card-dialog.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await column(other.page, 'Pågår').locator('li.card', { hasText: CARD_TITLE }).getByText('1 kommentar', { exact: true }).waitFor({ timeout: LIVE_TIMEOUT_MS });

    expect(appErrors(owner)).toEqual([]);
    expect(appErrors(other)).toEqual([]);
    await other.context.close();
  });

  it('exports the register as .xlsx with the Swedish ISO columns', async () => {
    const { page } = owner;
    await page.goto(`${workspaceUrl}/laglista`);
    await page.locator('tbody.law-group').first().waitFor();
    await page.screenshot({ path: screenshotPath(ROOT, 'compliance-register.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportera Excel (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^laglista-.*\.xlsx$/);
    const dir = mkdtempSync(join(tmpdir(), 'laglig-export-'));
    try {
      const file = join(dir, download.suggestedFilename());
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.worksheets[0];
      expect(sheet).toBeDefined();
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v ?? '') as string);
      expect(values(1)).toEqual(['Område', 'Lag', 'Krav', 'Ansvarig', 'Följer', 'Datum', 'Granskare', 'Kommentar', 'Åtgärd', 'Omprövning']);
      const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2));
      expect(rows.length).toBeGreaterThan(10);
      const assessed = rows.find((r) => r[2] === '3 kap. 2 a § Systematiskt arbetsmiljöarbete');
      expect(assessed).toEqual([
        'Arbetsmiljö',
        'Arbetsmiljölag (1977:1160)',
        '3 kap. 2 a § Systematiskt arbetsmiljöarbete',
        OWNER.name,
        'Delvis',
        expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        OWNER.name,
        MOTIVATION,
        'Inför kvartalsvis uppföljning i skyddskommittén.',
        '', // Omprövning: no law change awaits a new assessment
      ]);
      // The other requirements of the law are not assessed yet.
      expect(rows.filter((r) => r[1] === 'Arbetsmiljölag (1977:1160)' && r[4] === '').length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await page.getByText(/Laglistan är exporterad som laglista-.*\.xlsx\./).count()).toBe(1);
    expect(appErrors(owner)).toEqual([]);
  });

  it('lets an invited auditor read everything but change nothing', async () => {
    const { page } = owner;
    await page.goto(`${workspaceUrl}/medlemmar`);
    await page.getByLabel('E-postadress').fill(AUDITOR.email);
    await page.getByLabel('Roll', { exact: true }).selectOption({ label: 'Revisor (läsbehörighet)' });
    await page.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await page.locator('li.invitation', { hasText: AUDITOR.email }).waitFor();

    const token = await waitForMailMatch(AUDITOR.email, /\/inbjudan\?token=([A-Za-z0-9_-]+)/);
    const auditor = await open(375);
    const { page: ap } = auditor;
    // Not signed in: the invitation sends the auditor to log in (or register) and back.
    await ap.goto(`${web}/inbjudan?token=${token}`);
    await ap.waitForURL(/\/logga-in\?till=/);
    await ap.getByRole('link', { name: 'Skapa ett konto' }).click();
    await ap.getByLabel('Ditt namn').fill(AUDITOR.name);
    await ap.getByLabel('E-postadress').fill(AUDITOR.email);
    await ap.getByLabel('Lösenord').fill(AUDITOR.password);
    await ap.getByRole('button', { name: 'Skapa konto' }).click();
    await ap.waitForURL(/\/inbjudan\?token=/);
    await ap.getByRole('button', { name: 'Gå med i arbetsytan' }).click();
    await ap.waitForURL(/\/app\/[0-9a-f-]{36}\/laglista$/);
    await ap.getByText('Du har läsbehörighet som revisor').waitFor();

    // The register: everything visible, no edit controls; the page fits a 375 px screen.
    await ap.locator('tbody.law-group[data-ref="1977:1160"]').waitFor();
    expect(await ap.getByRole('button', { name: 'Ta bort lagen' }).count()).toBe(0);
    expect(await ap.getByRole('heading', { name: 'Lägg till en lag' }).count()).toBe(0);
    expect(await ap.getByRole('button', { name: 'Exportera Excel (.xlsx)' }).count()).toBe(1);
    expect(await ap.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await ap.screenshot({ path: screenshotPath(ROOT, 'compliance-register-375.png'), fullPage: true });

    // The requirement: read as text, no form.
    await ap.locator('tr.requirement-row').filter({ hasText: 'Systematiskt arbetsmiljöarbete' }).getByRole('link', { name: 'Systematiskt arbetsmiljöarbete', exact: true }).click();
    await ap.getByRole('heading', { level: 1, name: 'Systematiskt arbetsmiljöarbete' }).waitFor();
    expect(await ap.locator('dl.req-read').innerText()).toContain(MOTIVATION);
    expect(await ap.getByRole('button', { name: 'Spara', exact: true }).count()).toBe(0);
    expect(await ap.getByRole('radio').count()).toBe(0);
    expect(await ap.getByRole('button', { name: 'Ladda upp' }).count()).toBe(0);

    // The board: no drag, no add forms, no "Flytta till…"; the activity log is readable.
    await ap.getByRole('navigation', { name: 'Arbetsytan' }).getByRole('link', { name: 'Tavla' }).click();
    await column(ap, 'Pågår').locator('li.card', { hasText: CARD_TITLE }).waitFor();
    expect(await ap.getByRole('button', { name: /^Flytta kortet/ }).count()).toBe(0);
    expect(await ap.getByRole('button', { name: 'Lägg till', exact: true }).count()).toBe(0);
    expect(await ap.locator('.cdk-drag-disabled').count()).toBeGreaterThan(0);
    expect(await ap.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await ap.screenshot({ path: screenshotPath(ROOT, 'compliance-board-375.png'), fullPage: true });
    await ap.getByRole('navigation', { name: 'Arbetsytan' }).getByRole('link', { name: 'Aktivitet' }).click();
    const log = ap.locator('table.activity');
    await log.waitFor();
    expect(await log.innerText()).toContain(OWNER.name);
    expect(await log.locator('tr', { hasText: 'flyttade kortet' }).count()).toBeGreaterThan(0);
    await ap.screenshot({ path: screenshotPath(ROOT, 'compliance-activity-375.png'), fullPage: true });
    expect(appErrors(auditor)).toEqual([]);
  });
});
