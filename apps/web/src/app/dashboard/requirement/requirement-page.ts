import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, ElementRef, Injector, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type ActivityEntry, type Evidence, EvidenceLinkSchema, REQUIREMENT_STATUS_LABELS, type Requirement, type RequirementStatus } from '@laglig/contracts';
import { type ApiProblem, problemText, toProblem } from '../../account/api-problem';
import { focusFirstInvalid } from '../../account/focus';
import { PageMeta } from '../../core/page-meta';
import { type ActivityLine, activityLine, formatDate, formatDateTime } from '../activity/activity-format';
import { DashboardApi, type RequirementChanges } from '../shared/dashboard-api';
import { saveFile } from '../shared/download';
import { WorkspaceContext } from '../shared/workspace-context';
import { WorkspaceEvents } from '../shared/workspace-events';
import { EVIDENCE_ACCEPT, checkEvidenceFile, formatBytes, validateRequirement } from './requirement-rules';
import { reviewFlagDate, reviewFlagHref, reviewFlagText } from './review-flag';

export const STATUS_CHOICES: Array<{ value: RequirementStatus; label: string; help: string }> = [
  { value: 'UPPFYLLD', label: REQUIREMENT_STATUS_LABELS.UPPFYLLD, help: 'Vi följer kravet och kan visa det.' },
  { value: 'DELVIS', label: REQUIREMENT_STATUS_LABELS.DELVIS, help: 'Vi följer kravet till en del; en åtgärd behövs.' },
  { value: 'EJ_UPPFYLLD', label: REQUIREMENT_STATUS_LABELS.EJ_UPPFYLLD, help: 'Vi följer inte kravet ännu.' },
  { value: 'EJ_TILLAMPLIG', label: REQUIREMENT_STATUS_LABELS.EJ_TILLAMPLIG, help: 'Kravet gäller inte oss – motivera varför.' },
];

type FormField = 'motivation' | 'reviewDate' | 'status' | 'action' | 'responsibleUserId';

/**
 * `/app/:ws/krav/:id` — one requirement: status, motivering (required for
 * Ej tillämplig), åtgärd, ansvarig, nästa granskning; evidence (files and
 * links); and its history. Saved with the version it was loaded at: a
 * conflicting edit shows the fresh state and a message.
 */
@Component({
  selector: 'lg-requirement-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  templateUrl: './requirement-page.html',
  styleUrl: './requirement-page.css',
})
export class RequirementPage {
  readonly id = input.required<string>();

  protected readonly context = inject(WorkspaceContext);
  protected readonly choices = STATUS_CHOICES;
  protected readonly labels = REQUIREMENT_STATUS_LABELS;
  protected readonly accept = EVIDENCE_ACCEPT;
  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;
  protected readonly formatBytes = formatBytes;
  protected readonly reviewFlagText = reviewFlagText;
  protected readonly reviewFlagHref = reviewFlagHref;
  protected readonly reviewFlagDate = reviewFlagDate;

  protected readonly requirement = signal<Requirement | null>(null);
  protected readonly loadError = signal('');
  protected readonly status = signal<RequirementStatus | null>(null);
  protected readonly motivation = signal('');
  protected readonly action = signal('');
  protected readonly responsible = signal('');
  protected readonly reviewDate = signal('');
  protected readonly errors = signal<Partial<Record<FormField, string>>>({});
  protected readonly saveMessage = signal('');
  protected readonly saveError = signal('');
  protected readonly saving = signal(false);
  protected readonly remoteChange = signal(false);

  protected readonly evidence = signal<Evidence[]>([]);
  protected readonly evidenceError = signal('');
  protected readonly evidenceMessage = signal('');
  protected readonly uploading = signal(false);
  protected readonly fileError = signal('');
  protected readonly linkErrors = signal<{ title?: string; url?: string }>({});

  protected readonly history = signal<ActivityLine[]>([]);
  protected readonly historyCursor = signal<string | null>(null);
  protected readonly historyError = signal('');

  protected readonly dirty = computed(() => {
    const r = this.requirement();
    if (!r) return false;
    return (
      this.status() !== r.status ||
      this.motivation() !== (r.motivation ?? '') ||
      this.action() !== (r.action ?? '') ||
      this.responsible() !== (r.responsibleUserId ?? '') ||
      this.reviewDate() !== (r.reviewDate ?? '')
    );
  });

  private readonly api = inject(DashboardApi);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly meta = inject(PageMeta);

  constructor() {
    this.meta.set({ title: 'Krav', noindex: true });
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    const destroyRef = inject(DestroyRef);
    const events = inject(WorkspaceEvents);
    events.on((event) => {
      const data = event.data as Requirement | null;
      if (event.type !== 'requirement.updated' || !data || data.id !== this.id()) return;
      const current = this.requirement();
      if (current && data.version <= current.version) return;
      if (this.dirty()) {
        // Keep what the user is typing; saving will get the 409 and the fresh state.
        this.remoteChange.set(true);
      } else {
        this.fill(data);
      }
      void this.loadHistory(true);
    }, destroyRef);
  }

  private async load(id: string): Promise<void> {
    const ws = this.context.id();
    this.loadError.set('');
    try {
      const requirement = await this.api.requirement(ws, id);
      this.fill(requirement);
      this.meta.set({ title: `${requirement.title} – krav`, noindex: true });
    } catch (error) {
      this.loadError.set(problemText(toProblem(error)));
      return;
    }
    void this.loadEvidence();
    void this.loadHistory(true);
  }

  private fill(r: Requirement): void {
    this.requirement.set(r);
    this.status.set(r.status);
    this.motivation.set(r.motivation ?? '');
    this.action.set(r.action ?? '');
    this.responsible.set(r.responsibleUserId ?? '');
    this.reviewDate.set(r.reviewDate ?? '');
    this.remoteChange.set(false);
  }

  private async loadEvidence(): Promise<void> {
    try {
      this.evidence.set((await this.api.evidence(this.context.id(), this.id())).items);
    } catch (error) {
      this.evidenceError.set(problemText(toProblem(error)));
    }
  }

  protected async loadHistory(reset = false): Promise<void> {
    try {
      const page = await this.api.activity(this.context.id(), { entityType: 'requirement', entityId: this.id(), cursor: reset ? null : this.historyCursor(), limit: 20 });
      const lookups = { memberName: (id: string) => this.context.memberName(id) };
      const lines = page.items.map((e: ActivityEntry) => activityLine(e, lookups));
      this.history.update((h) => (reset ? lines : [...h, ...lines]));
      this.historyCursor.set(page.nextCursor);
      this.historyError.set('');
    } catch (error) {
      this.historyError.set(problemText(toProblem(error)));
    }
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected isAssignable(userId: string): boolean {
    return this.context.assignable().some((m) => m.userId === userId);
  }

  protected setStatus(value: RequirementStatus): void {
    this.status.set(value);
    if (value !== 'EJ_TILLAMPLIG' && this.errors().motivation) this.errors.update((e) => ({ ...e, motivation: undefined }));
  }

  protected reset(): void {
    const r = this.requirement();
    if (r) this.fill(r);
    this.errors.set({});
    this.saveError.set('');
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const r = this.requirement();
    if (!r || this.saving()) return;
    this.saveMessage.set('');
    const errors = validateRequirement({ status: this.status(), motivation: this.motivation(), reviewDate: this.reviewDate() });
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      this.saveError.set('Rätta de markerade fälten.');
      focusFirstInvalid(this.injector, this.host);
      return;
    }
    const changes: RequirementChanges = {};
    if (this.status() !== r.status) changes.status = this.status();
    if (this.motivation() !== (r.motivation ?? '')) changes.motivation = this.motivation().trim() || null;
    if (this.action() !== (r.action ?? '')) changes.action = this.action().trim() || null;
    if (this.responsible() !== (r.responsibleUserId ?? '')) changes.responsibleUserId = this.responsible() || null;
    if (this.reviewDate() !== (r.reviewDate ?? '')) changes.reviewDate = this.reviewDate() || null;
    if (Object.keys(changes).length === 0) {
      this.saveError.set('');
      this.saveMessage.set('Inget att spara – inget är ändrat.');
      return;
    }
    this.saving.set(true);
    this.saveError.set('');
    try {
      const saved = await this.api.updateRequirement(this.context.id(), r.id, r.version, changes);
      this.fill(saved);
      this.saveMessage.set(`Sparat ${formatDateTime(saved.updatedAt)}.`);
      void this.loadHistory(true);
    } catch (error) {
      this.handleSaveError(toProblem(error));
    } finally {
      this.saving.set(false);
    }
  }

  private handleSaveError(problem: ApiProblem): void {
    if (problem.status === 409) {
      const current = (problem.details as { current?: Requirement } | undefined)?.current;
      if (current) this.fill(current);
      this.saveError.set('Någon annan har ändrat kravet medan du redigerade. Formuläret visar nu det senaste – gör om dina ändringar och spara igen.');
      void this.loadHistory(true);
      return;
    }
    this.errors.set(problem.fieldErrors as Partial<Record<FormField, string>>);
    this.saveError.set(problemText(problem));
    focusFirstInvalid(this.injector, this.host);
  }

  protected async upload(event: Event, fileInput: HTMLInputElement, titleInput: HTMLInputElement): Promise<void> {
    event.preventDefault();
    this.evidenceMessage.set('');
    const file = fileInput.files?.[0];
    if (!file) {
      this.fileError.set('Välj en fil att ladda upp.');
      fileInput.focus();
      return;
    }
    const problem = checkEvidenceFile({ name: file.name, size: file.size, type: file.type });
    if (problem) {
      this.fileError.set(problem);
      fileInput.focus();
      return;
    }
    this.fileError.set('');
    this.uploading.set(true);
    try {
      const added = await this.api.uploadEvidence(this.context.id(), this.id(), file, titleInput.value.trim() || undefined);
      this.evidence.update((list) => [added, ...list.filter((e) => e.id !== added.id)]);
      fileInput.value = '';
      titleInput.value = '';
      this.evidenceMessage.set(`”${added.filename ?? added.title}” är uppladdad.`);
      void this.loadHistory(true);
    } catch (error) {
      this.fileError.set(problemText(toProblem(error)));
    } finally {
      this.uploading.set(false);
    }
  }

  protected checkChosen(fileInput: HTMLInputElement): void {
    const file = fileInput.files?.[0];
    this.fileError.set(file ? (checkEvidenceFile({ name: file.name, size: file.size, type: file.type }) ?? '') : '');
  }

  protected async addLink(event: Event, titleInput: HTMLInputElement, urlInput: HTMLInputElement): Promise<void> {
    event.preventDefault();
    this.evidenceMessage.set('');
    const parsed = EvidenceLinkSchema.safeParse({ title: titleInput.value, url: urlInput.value });
    if (!parsed.success) {
      const errors: { title?: string; url?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'title' && !errors.title) errors.title = 'Ange en rubrik för länken.';
        if (issue.path[0] === 'url' && !errors.url) errors.url = issue.message;
      }
      this.linkErrors.set(errors);
      (errors.title ? titleInput : urlInput).focus();
      return;
    }
    this.linkErrors.set({});
    try {
      const added = await this.api.addEvidenceLink(this.context.id(), this.id(), parsed.data.title, parsed.data.url);
      this.evidence.update((list) => [added, ...list.filter((e) => e.id !== added.id)]);
      titleInput.value = '';
      urlInput.value = '';
      this.evidenceMessage.set(`Länken ”${added.title}” är tillagd.`);
      void this.loadHistory(true);
    } catch (error) {
      const problem = toProblem(error);
      this.linkErrors.set({ url: problem.fieldErrors['url'] ?? problemText(problem) });
    }
  }

  protected async download(item: Evidence): Promise<void> {
    this.evidenceError.set('');
    try {
      saveFile(this.document, await this.api.evidenceFile(this.context.id(), item.id, item.filename ?? 'bevis'));
    } catch (error) {
      this.evidenceError.set(problemText(toProblem(error)));
    }
  }

  protected async removeEvidence(item: Evidence): Promise<void> {
    if (!globalThis.confirm?.(`Ta bort beviset ”${item.title || item.filename}”?`)) return;
    try {
      await this.api.removeEvidence(this.context.id(), item.id);
      this.evidence.update((list) => list.filter((e) => e.id !== item.id));
      this.evidenceMessage.set('Beviset är borttaget.');
      void this.loadHistory(true);
    } catch (error) {
      this.evidenceError.set(problemText(toProblem(error)));
    }
  }
}
