import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CompanyProfileSchema, type LawList, type LawListSummary, SCREENING_QUESTIONS, type ScreeningKey, type SniEntry } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { focusAfterRender, focusFirstInvalid } from '../../account/focus';
import { PageMeta } from '../../core/page-meta';
import { DashboardApi } from '../shared/dashboard-api';
import { WorkspaceContext } from '../shared/workspace-context';
import { SniPicker } from './sni-picker';

type ProfileField = 'name' | 'orgNumber' | 'sniCodes' | 'employees' | 'listName';

function emptyScreening(): Record<ScreeningKey, boolean> {
  return Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q.key, false])) as Record<ScreeningKey, boolean>;
}

/**
 * `/app/:ws/kom-igang` — the company profile (name, organisationsnummer, SNI
 * codes, employees, the screening questions), then "Skapa laglista": the
 * generated list is shown with the reason for every law.
 */
@Component({
  selector: 'lg-onboarding-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, SniPicker],
  styleUrl: './onboarding-page.css',
  templateUrl: './onboarding-page.html',
})
export class OnboardingPage {
  protected readonly context = inject(WorkspaceContext);
  protected readonly questions = SCREENING_QUESTIONS;

  protected readonly loading = signal(true);
  /** Whether the workspace has a saved company profile. */
  protected readonly hasProfile = signal(false);
  protected readonly name = signal('');
  protected readonly orgNumber = signal('');
  protected readonly sni = signal<SniEntry[]>([]);
  protected readonly employees = signal('');
  protected readonly screening = signal<Record<ScreeningKey, boolean>>(emptyScreening());
  protected readonly listName = signal('Laglista');
  protected readonly errors = signal<Partial<Record<ProfileField, string>>>({});
  protected readonly formError = signal('');
  protected readonly busy = signal(false);
  protected readonly progress = signal('');
  protected readonly lists = signal<LawListSummary[]>([]);
  protected readonly created = signal<LawList | null>(null);

  private readonly api = inject(DashboardApi);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  constructor() {
    inject(PageMeta).set({ title: 'Kom igång', noindex: true });
    afterNextRender(() => void this.load());
  }

  private async load(): Promise<void> {
    const ws = this.context.id();
    try {
      const [{ profile }, lists] = await Promise.all([this.api.profile(ws), this.api.lists(ws)]);
      this.lists.set(lists.items);
      if (profile) {
        this.hasProfile.set(true);
        this.name.set(profile.name);
        this.orgNumber.set(profile.orgNumber);
        this.sni.set(profile.sniCodes.map((s) => ({ code: s.code, title: s.title, level: 5 })));
        this.employees.set(String(profile.employees));
        const screening = emptyScreening();
        for (const q of SCREENING_QUESTIONS) screening[q.key] = profile.screening[q.key] === true;
        this.screening.set(screening);
      } else if (this.context.workspace()) {
        this.name.set(this.context.workspace()?.name ?? '');
      }
    } catch (error) {
      this.formError.set(problemText(toProblem(error)));
    } finally {
      this.loading.set(false);
    }
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected answer(key: ScreeningKey, yes: boolean): void {
    this.screening.update((s) => ({ ...s, [key]: yes }));
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    if (!this.context.canManage()) {
      // Members create lists from the profile an owner or administrator saved.
      await this.createListOnly();
      return;
    }
    const employees = this.employees().trim() === '' ? NaN : Number(this.employees());
    const candidate = {
      name: this.name(),
      orgNumber: this.orgNumber(),
      sniCodes: this.sni().map((s) => s.code),
      employees,
      screening: this.screening(),
    };
    const parsed = CompanyProfileSchema.safeParse(candidate);
    const errors: Partial<Record<ProfileField, string>> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === 'name' || key === 'orgNumber' || key === 'sniCodes' || key === 'employees') && !errors[key]) {
          errors[key] = key === 'employees' ? 'Ange antalet anställda som ett heltal (0 eller fler).' : issue.message;
        }
      }
    }
    if (this.listName().trim() === '') errors.listName = 'Ange ett namn på listan';
    this.errors.set(errors);
    if (!parsed.success || errors.listName) {
      this.formError.set('Rätta de markerade fälten.');
      focusFirstInvalid(this.injector, this.host);
      return;
    }
    this.formError.set('');
    this.busy.set(true);
    const ws = this.context.id();
    try {
      this.progress.set('Sparar företagsprofilen …');
      await this.api.saveProfile(ws, parsed.data);
      this.hasProfile.set(true);
      this.progress.set('Tar fram laglistan utifrån er verksamhet …');
      const list = await this.api.createList(ws, this.listName().trim(), true);
      this.created.set(list);
      this.progress.set('');
      focusAfterRender(this.injector, this.host, '#skapad-lista-rubrik');
      void this.api.lists(ws).then((l) => this.lists.set(l.items)).catch(() => undefined);
    } catch (error) {
      const problem = toProblem(error);
      this.progress.set('');
      this.errors.set(problem.fieldErrors as Partial<Record<ProfileField, string>>);
      this.formError.set(problemText(problem));
      focusFirstInvalid(this.injector, this.host);
    } finally {
      this.busy.set(false);
    }
  }

  private async createListOnly(): Promise<void> {
    if (!this.hasProfile()) {
      this.formError.set('Företagsprofilen är inte ifylld. Be en ägare eller administratör fylla i den först.');
      return;
    }
    if (this.listName().trim() === '') {
      this.errors.set({ listName: 'Ange ett namn på listan' });
      focusFirstInvalid(this.injector, this.host);
      return;
    }
    this.errors.set({});
    this.formError.set('');
    this.busy.set(true);
    try {
      this.progress.set('Tar fram laglistan utifrån er verksamhet …');
      const list = await this.api.createList(this.context.id(), this.listName().trim(), true);
      this.created.set(list);
      focusAfterRender(this.injector, this.host, '#skapad-lista-rubrik');
    } catch (error) {
      this.formError.set(problemText(toProblem(error)));
    } finally {
      this.progress.set('');
      this.busy.set(false);
    }
  }

  protected activeItems(list: LawList) {
    return list.items.filter((i) => i.status === 'active');
  }
}
