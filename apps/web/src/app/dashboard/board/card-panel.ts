import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, Injector, type Signal, afterNextRender, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { type Card, type Comment, LawRefSchema, type Requirement } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { focusFirstInvalid } from '../../account/focus';
import { formatDateTime } from '../activity/activity-format';
import { type CardChanges, DashboardApi } from '../shared/dashboard-api';
import { WorkspaceContext } from '../shared/workspace-context';
import { WorkspaceEvents } from '../shared/workspace-events';
import { type BoardState, findCard } from './board-state';
import { commentParts, insertMention, mentionCandidates, mentionQuery } from './mentions';

export interface CardPanelData {
  cardId: string;
  /** The board as the page holds it (live): the panel shows the card's latest state. */
  board: Signal<BoardState>;
  onCard: (card: Card) => void;
  onDeleted: (cardId: string) => void;
  onComment: (comment: Comment) => void;
}

interface ChecklistRow {
  id: string;
  text: string;
  done: boolean;
}

function newId(): string {
  return globalThis.crypto?.randomUUID?.().slice(0, 12) ?? Math.random().toString(36).slice(2, 14);
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The card dialog (cdk Dialog: focus trapped inside, Escape closes, focus
 * returns to the card): title, description, assignees, due date, labels,
 * checklist, a law or requirement it concerns, and comments with @mentions.
 * Saved with the version it was opened at; a stale save takes the fresh card.
 */
@Component({
  selector: 'lg-card-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './card-panel.html',
  styleUrl: './card-panel.css',
})
export class CardPanel {
  protected readonly data = inject<CardPanelData>(DIALOG_DATA);
  protected readonly context = inject(WorkspaceContext);
  protected readonly formatDateTime = formatDateTime;
  private readonly ref = inject(DialogRef);
  private readonly api = inject(DashboardApi);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly commentInput = viewChild<ElementRef<HTMLTextAreaElement>>('commentBox');

  protected readonly card = computed(() => findCard(this.data.board(), this.data.cardId)?.card ?? null);
  /** The state the form was filled from (its version is sent with a save). */
  protected readonly base = signal<Card | null>(null);
  protected readonly title = signal('');
  protected readonly description = signal('');
  protected readonly assignees = signal<string[]>([]);
  protected readonly dueDate = signal('');
  protected readonly labels = signal('');
  protected readonly checklist = signal<ChecklistRow[]>([]);
  protected readonly lawRef = signal('');
  protected readonly requirementId = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly message = signal('');
  protected readonly error = signal('');
  protected readonly saving = signal(false);

  protected readonly comments = signal<Comment[]>([]);
  protected readonly commentText = signal('');
  protected readonly commentCaret = signal(0);
  protected readonly commentError = signal('');
  protected readonly requirements = signal<Requirement[]>([]);

  protected readonly parsedLabels = computed(() =>
    this.labels()
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  protected readonly dirty = computed(() => {
    const b = this.base();
    if (!b) return false;
    return (
      this.title() !== b.title ||
      this.description() !== b.description ||
      !sameList([...this.assignees()].sort(), [...b.assigneeIds].sort()) ||
      this.dueDate() !== (b.dueDate ?? '') ||
      !sameList(this.parsedLabels(), b.labels) ||
      JSON.stringify(this.checklist()) !== JSON.stringify(b.checklist) ||
      this.lawRef() !== (b.lawRef ?? '') ||
      this.requirementId() !== (b.requirementId ?? '')
    );
  });
  /** Someone else changed the card while this form has unsaved edits. */
  protected readonly changedElsewhere = computed(() => {
    const card = this.card();
    const b = this.base();
    return !!card && !!b && this.dirty() && (card.version > b.version || card.updatedAt > b.updatedAt);
  });
  protected readonly mentionOptions = computed(() => {
    const q = mentionQuery(this.commentText(), this.commentCaret());
    return q === null ? [] : mentionCandidates(this.context.members(), q);
  });
  protected readonly memberNames = computed(() => this.context.members().map((m) => m.displayName));

  constructor() {
    // Follow the live card while the form has no unsaved edits.
    effect(() => {
      const card = this.card();
      untracked(() => {
        if (card && (!this.base() || !this.dirty())) this.fill(card);
      });
    });
    const destroyRef = inject(DestroyRef);
    inject(WorkspaceEvents).on((event) => {
      const c = event.data as Comment | null;
      if (event.type === 'comment.added' && c && c.cardId === this.data.cardId) this.addCommentLocally(c);
    }, destroyRef);
    afterNextRender(() => void this.loadExtras());
  }

  private fill(card: Card): void {
    this.base.set(card);
    this.title.set(card.title);
    this.description.set(card.description);
    this.assignees.set([...card.assigneeIds]);
    this.dueDate.set(card.dueDate ?? '');
    this.labels.set(card.labels.join(', '));
    this.checklist.set(card.checklist.map((c) => ({ ...c })));
    this.lawRef.set(card.lawRef ?? '');
    this.requirementId.set(card.requirementId ?? '');
  }

  private async loadExtras(): Promise<void> {
    const ws = this.context.id();
    try {
      const comments = await this.api.comments(ws, this.data.cardId);
      this.comments.update((current) => {
        const ids = new Set(comments.items.map((c) => c.id));
        return [...comments.items, ...current.filter((c) => !ids.has(c.id))];
      });
    } catch (error) {
      this.commentError.set(problemText(toProblem(error)));
    }
    if (this.context.canEdit()) {
      try {
        this.requirements.set((await this.api.requirements(ws, {}, null, 500)).items);
      } catch {
        // The requirement link can still be kept or removed.
      }
    }
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected toggleAssignee(userId: string, on: boolean): void {
    this.assignees.update((list) => (on ? [...list.filter((id) => id !== userId), userId] : list.filter((id) => id !== userId)));
  }

  protected addChecklistItem(event: Event, input: HTMLInputElement): void {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    this.checklist.update((list) => [...list, { id: newId(), text, done: false }]);
    input.value = '';
    input.focus();
  }

  protected toggleChecklist(id: string, done: boolean): void {
    this.checklist.update((list) => list.map((c) => (c.id === id ? { ...c, done } : c)));
  }

  protected removeChecklist(id: string): void {
    this.checklist.update((list) => list.filter((c) => c.id !== id));
  }

  protected reload(): void {
    const card = this.card();
    if (card) this.fill(card);
    this.error.set('');
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const base = this.base();
    if (!base || this.saving()) return;
    const errors: Record<string, string> = {};
    if (this.title().trim() === '') errors['title'] = 'Ange en rubrik';
    if (this.lawRef().trim() !== '' && !LawRefSchema.safeParse(this.lawRef()).success) errors['lawRef'] = 'Ange SFS-nummer (t.ex. 1977:1160) eller AFS-beteckning (t.ex. AFS 2023:1)';
    if (this.parsedLabels().some((l) => l.length > 40)) errors['labels'] = 'En etikett får ha högst 40 tecken.';
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstInvalid(this.injector, this.host);
      return;
    }
    const changes: CardChanges = {};
    if (this.title().trim() !== base.title) changes.title = this.title().trim();
    if (this.description() !== base.description) changes.description = this.description();
    if (!sameList([...this.assignees()].sort(), [...base.assigneeIds].sort())) changes.assigneeIds = this.assignees();
    if (this.dueDate() !== (base.dueDate ?? '')) changes.dueDate = this.dueDate() || null;
    if (!sameList(this.parsedLabels(), base.labels)) changes.labels = this.parsedLabels();
    if (JSON.stringify(this.checklist()) !== JSON.stringify(base.checklist)) changes.checklist = this.checklist();
    if (this.lawRef().trim() !== (base.lawRef ?? '')) changes.lawRef = this.lawRef().trim() || null;
    if (this.requirementId() !== (base.requirementId ?? '')) changes.requirementId = this.requirementId() || null;
    if (Object.keys(changes).length === 0) {
      this.message.set('Inget att spara.');
      return;
    }
    this.saving.set(true);
    this.error.set('');
    this.message.set('');
    try {
      const saved = await this.api.updateCard(this.context.id(), base.id, base.version, changes);
      this.fill(saved);
      this.data.onCard(saved);
      this.message.set('Kortet är sparat.');
    } catch (error) {
      const problem = toProblem(error);
      const fresh = problem.status === 409 ? (problem.details as { current?: Card } | undefined)?.current : undefined;
      if (fresh) {
        this.fill(fresh);
        this.data.onCard(fresh);
        this.error.set('Någon annan har ändrat kortet medan du redigerade. Formuläret visar nu det senaste – gör om dina ändringar och spara igen.');
      } else {
        this.errors.set(problem.fieldErrors);
        this.error.set(problemText(problem));
      }
    } finally {
      this.saving.set(false);
    }
  }

  protected async remove(): Promise<void> {
    const card = this.card();
    if (!card || !globalThis.confirm?.(`Ta bort kortet ”${card.title}”?`)) return;
    try {
      await this.api.deleteCard(this.context.id(), card.id);
      this.data.onDeleted(card.id);
      this.ref.close();
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    }
  }

  protected commentInputChanged(event: Event): void {
    const el = event.target as HTMLTextAreaElement;
    this.commentText.set(el.value);
    this.commentCaret.set(el.selectionStart ?? el.value.length);
  }

  protected mention(name: string): void {
    const el = this.commentInput()?.nativeElement;
    const next = insertMention(this.commentText(), this.commentCaret(), name);
    this.commentText.set(next.text);
    this.commentCaret.set(next.caret);
    if (el) {
      el.value = next.text;
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    }
  }

  protected async addComment(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.commentText().trim();
    if (!body) {
      this.commentError.set('Skriv en kommentar.');
      return;
    }
    this.commentError.set('');
    try {
      const comment = await this.api.addComment(this.context.id(), this.data.cardId, body);
      this.addCommentLocally(comment);
      this.data.onComment(comment);
      this.commentText.set('');
      const el = this.commentInput()?.nativeElement;
      if (el) el.value = '';
    } catch (error) {
      this.commentError.set(problemText(toProblem(error)));
    }
  }

  private addCommentLocally(comment: Comment): void {
    this.comments.update((list) => (list.some((c) => c.id === comment.id) ? list : [...list, comment]));
  }

  protected parts(comment: Comment) {
    return commentParts(comment.body, this.memberNames());
  }

  protected requirementLabel(id: string | null): string {
    if (!id) return '—';
    const r = this.requirements().find((x) => x.id === id);
    return r ? `${r.ref}: ${r.title}` : 'Kopplat krav';
  }

  protected close(): void {
    this.ref.close();
  }
}
