import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, ElementRef, Injector, afterNextRender, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  LawRefSchema,
  type LawList,
  type LawListItem,
  type LawListSummary,
  REQUIREMENT_STATUS_LABELS,
  type Requirement,
  type RequirementStatus,
} from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { focusAfterRender } from '../../account/focus';
import { PageMeta } from '../../core/page-meta';
import { formatDate } from '../activity/activity-format';
import { DashboardApi } from '../shared/dashboard-api';
import { saveFile } from '../shared/download';
import { WorkspaceContext } from '../shared/workspace-context';
import { WorkspaceEvents } from '../shared/workspace-events';
import { NO_FILTER, type RegisterFilter, filterFromQuery, filterToQuery, groupByLaw, isFiltered, needsReview, reviewCount, statusSummary } from './register-filters';
import { reviewFlagText } from '../requirement/review-flag';

export const STATUS_OPTIONS: Array<{ value: RequirementStatus | 'UNASSESSED'; label: string }> = [
  { value: 'UPPFYLLD', label: REQUIREMENT_STATUS_LABELS.UPPFYLLD },
  { value: 'DELVIS', label: REQUIREMENT_STATUS_LABELS.DELVIS },
  { value: 'EJ_UPPFYLLD', label: REQUIREMENT_STATUS_LABELS.EJ_UPPFYLLD },
  { value: 'EJ_TILLAMPLIG', label: REQUIREMENT_STATUS_LABELS.EJ_TILLAMPLIG },
  { value: 'UNASSESSED', label: 'Ej bedömd' },
];

/**
 * `/app/:ws/laglista?lista=&status=&ansvarig=&lag=&forfallna=` — the legal
 * register: choose a list, filter its requirements, grouped by law; add and
 * remove laws with a reason; export to .xlsx/.csv; a printable view.
 */
@Component({
  selector: 'lg-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  templateUrl: './register-page.html',
  styleUrl: './register-page.css',
})
export class RegisterPage {
  protected readonly context = inject(WorkspaceContext);
  protected readonly statusOptions = STATUS_OPTIONS;
  protected readonly statusLabels = REQUIREMENT_STATUS_LABELS;
  protected readonly formatDate = formatDate;

  protected readonly lists = signal<LawListSummary[]>([]);
  protected readonly list = signal<LawList | null>(null);
  protected readonly requirements = signal<Requirement[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly message = signal('');
  protected readonly actionError = signal('');
  protected readonly exporting = signal<'xlsx' | 'csv' | null>(null);
  /** The law whose remove form is open. */
  protected readonly removing = signal<string | null>(null);
  /** The law whose "new requirement" form is open. */
  protected readonly adding = signal<string | null>(null);
  protected readonly formErrors = signal<Record<string, string>>({});
  protected readonly showNewList = signal(false);

  private readonly api = inject(DashboardApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly query = toSignal(this.route.queryParamMap, { requireSync: true });
  private loadSeq = 0;

  protected readonly filter = computed<RegisterFilter>(() => {
    const q = this.query();
    return filterFromQuery({
      status: q.get('status') ?? undefined,
      ansvarig: q.get('ansvarig') ?? undefined,
      lag: q.get('lag') ?? undefined,
      forfallna: q.get('forfallna') ?? undefined,
      omprovas: q.get('omprovas') ?? undefined,
    });
  });
  protected readonly filtered = computed(() => isFiltered(this.filter()));
  protected readonly listId = computed(() => this.query().get('lista') ?? this.lists()[0]?.id ?? null);
  protected readonly groups = computed(() => groupByLaw(this.list()?.items ?? [], this.requirements(), this.filter()));
  protected readonly removedItems = computed(() => (this.list()?.items ?? []).filter((i) => i.status === 'removed'));
  protected readonly activeItems = computed(() => (this.list()?.items ?? []).filter((i) => i.status === 'active'));
  protected readonly summary = computed(() => statusSummary(this.requirements()));
  protected readonly reviewTotal = computed(() => reviewCount(this.requirements()));
  protected readonly needsReview = needsReview;
  protected readonly reviewFlagText = reviewFlagText;
  protected readonly shownCount = computed(() => this.groups().reduce((n, g) => n + g.requirements.length, 0));

  constructor() {
    inject(PageMeta).set({ title: 'Laglista', noindex: true });
    afterNextRender(() => void this.loadLists());
    effect(() => {
      const id = this.listId();
      untracked(() => {
        if (id) void this.loadList(id);
      });
    });
    const destroyRef = inject(DestroyRef);
    const events = inject(WorkspaceEvents);
    events.on((event) => {
      if (event.type === 'requirement.updated') this.applyRequirement(event.data);
      else if (event.type === 'list.updated') {
        const id = this.listId();
        const data = event.data as { id?: unknown } | null;
        if (id && (!data || data.id === id || data.id === undefined)) void this.loadList(id, true);
      } else if (event.type === 'change.received') {
        // A law change may have flagged requirements "Behöver omprövas".
        const id = this.listId();
        if (id) void this.loadList(id, true);
      }
    }, destroyRef);
    events.onReady((reconnected) => {
      const id = this.listId();
      if (reconnected && id) void this.loadList(id, true);
    }, destroyRef);
  }

  private async loadLists(): Promise<void> {
    try {
      const lists = (await this.api.lists(this.context.id())).items;
      this.lists.set(lists);
      if (lists.length === 0) this.loading.set(false);
    } catch (error) {
      this.loadError.set(problemText(toProblem(error)));
      this.loading.set(false);
    }
  }

  private async loadList(listId: string, quiet = false): Promise<void> {
    const seq = ++this.loadSeq;
    if (!quiet) this.loading.set(true);
    this.loadError.set('');
    const ws = this.context.id();
    try {
      const [list, requirements] = await Promise.all([this.api.list(ws, listId), this.api.allRequirements(ws, { listId })]);
      if (seq !== this.loadSeq) return;
      this.list.set(list);
      this.requirements.set(requirements);
    } catch (error) {
      if (seq === this.loadSeq) this.loadError.set(problemText(toProblem(error)));
    } finally {
      if (seq === this.loadSeq) this.loading.set(false);
    }
  }

  private applyRequirement(data: unknown): void {
    const r = data as Requirement | null;
    if (!r || typeof r.id !== 'string' || typeof r.version !== 'number' || r.listId !== this.list()?.id) return;
    this.requirements.update((list) => {
      const i = list.findIndex((x) => x.id === r.id);
      if (i < 0) return [...list, r];
      if (list[i].version >= r.version) return list;
      return list.map((x) => (x.id === r.id ? r : x));
    });
  }

  protected memberName(userId: string | null, fallback: string | null): string {
    return this.context.memberName(userId) ?? fallback ?? '—';
  }

  protected chooseList(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    void this.router.navigate([], { relativeTo: this.route, queryParams: { lista: id, ...filterToQuery(NO_FILTER) }, queryParamsHandling: 'merge' });
  }

  protected setFilter(patch: Partial<RegisterFilter>): void {
    const next = { ...this.filter(), ...patch };
    void this.router.navigate([], { relativeTo: this.route, queryParams: filterToQuery(next), queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected selectValue(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected clearFilter(): void {
    this.setFilter(NO_FILTER);
  }

  protected async export(format: 'xlsx' | 'csv'): Promise<void> {
    if (this.exporting()) return;
    this.exporting.set(format);
    this.actionError.set('');
    try {
      const file = await this.api.exportRegister(this.context.id(), format, this.list()?.id);
      saveFile(this.document, file);
      this.message.set(`Laglistan är exporterad som ${file.filename}.`);
    } catch (error) {
      this.actionError.set(`Exporten misslyckades: ${problemText(toProblem(error))}`);
    } finally {
      this.exporting.set(null);
    }
  }

  protected async createList(event: Event, name: string, generate: boolean): Promise<void> {
    event.preventDefault();
    if (name.trim() === '') {
      this.formErrors.set({ newList: 'Ange ett namn på listan' });
      return;
    }
    this.formErrors.set({});
    try {
      const list = await this.api.createList(this.context.id(), name.trim(), generate);
      this.showNewList.set(false);
      await this.loadLists();
      this.message.set(`Laglistan ”${list.name}” är skapad.`);
      void this.router.navigate([], { relativeTo: this.route, queryParams: { lista: list.id }, queryParamsHandling: 'merge' });
    } catch (error) {
      this.formErrors.set({ newList: problemText(toProblem(error)) });
    }
  }

  protected async addLaw(event: Event, refInput: HTMLInputElement, reasonInput: HTMLTextAreaElement): Promise<void> {
    event.preventDefault();
    const list = this.list();
    if (!list) return;
    const ref = LawRefSchema.safeParse(refInput.value);
    const reason = reasonInput.value.trim();
    const errors: Record<string, string> = {};
    if (!ref.success) errors['addRef'] = ref.error.issues[0]?.message ?? 'Ogiltig beteckning';
    if (reason.length < 3) errors['addReason'] = 'Ange en motivering (minst 3 tecken)';
    this.formErrors.set(errors);
    if (!ref.success || errors['addReason']) {
      (errors['addRef'] ? refInput : reasonInput).focus();
      return;
    }
    try {
      const item = await this.api.addLaw(this.context.id(), list.id, ref.data, reason);
      refInput.value = '';
      reasonInput.value = '';
      this.message.set(`${item.title} är tillagd i listan.`);
      await this.loadList(list.id, true);
    } catch (error) {
      const problem = toProblem(error);
      this.formErrors.set({ addRef: problem.fieldErrors['ref'] ?? problemText(problem) });
      refInput.focus();
    }
  }

  protected openRemove(item: LawListItem): void {
    this.removing.set(item.id);
    this.formErrors.set({});
    focusAfterRender(this.injector, this.host, `#ta-bort-motivering-${item.id}`);
  }

  protected async removeLaw(event: Event, item: LawListItem, reasonInput: HTMLTextAreaElement): Promise<void> {
    event.preventDefault();
    const list = this.list();
    const reason = reasonInput.value.trim();
    if (!list) return;
    if (reason.length < 3) {
      this.formErrors.set({ remove: 'Ange varför lagen tas bort (minst 3 tecken).' });
      reasonInput.focus();
      return;
    }
    try {
      await this.api.removeLaw(this.context.id(), list.id, item.id, reason);
      this.removing.set(null);
      this.message.set(`${item.title} är borttagen från listan. Motiveringen sparas och lagen kan återställas.`);
      await this.loadList(list.id, true);
    } catch (error) {
      this.formErrors.set({ remove: problemText(toProblem(error)) });
    }
  }

  protected async restoreLaw(item: LawListItem): Promise<void> {
    const list = this.list();
    if (!list) return;
    try {
      await this.api.restoreLaw(this.context.id(), list.id, item.id);
      this.message.set(`${item.title} är återställd i listan.`);
      await this.loadList(list.id, true);
    } catch (error) {
      this.actionError.set(problemText(toProblem(error)));
    }
  }

  protected openAdd(item: LawListItem): void {
    this.adding.set(item.id);
    this.formErrors.set({});
    focusAfterRender(this.injector, this.host, `#nytt-krav-${item.id}`);
  }

  protected async addRequirement(event: Event, item: LawListItem, titleInput: HTMLInputElement): Promise<void> {
    event.preventDefault();
    const title = titleInput.value.trim();
    if (!title) {
      this.formErrors.set({ requirement: 'Beskriv kravet med några ord.' });
      titleInput.focus();
      return;
    }
    try {
      const requirement = await this.api.createRequirement(this.context.id(), { itemId: item.id, title });
      this.requirements.update((list) => [...list.filter((r) => r.id !== requirement.id), requirement]);
      this.adding.set(null);
      this.message.set(`Kravet ”${requirement.title}” är tillagt.`);
    } catch (error) {
      this.formErrors.set({ requirement: problemText(toProblem(error)) });
    }
  }
}
