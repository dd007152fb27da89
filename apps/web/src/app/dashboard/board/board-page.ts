import { CdkDrag, type CdkDragDrop, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import { Dialog } from '@angular/cdk/dialog';
import { CdkMenu, CdkMenuItem, CdkMenuTrigger } from '@angular/cdk/menu';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import type { Card } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { focusAfterRender } from '../../account/focus';
import { PageMeta } from '../../core/page-meta';
import { DashboardApi } from '../shared/dashboard-api';
import { WorkspaceContext } from '../shared/workspace-context';
import { WorkspaceEvents } from '../shared/workspace-events';
import {
  EMPTY_BOARD,
  addColumn,
  applyRealtime,
  boardFromServer,
  commentAdded,
  confirmMove,
  findCard,
  moveCardLocally,
  removeCard,
  rollbackMove,
  upsertCard,
  type BoardState,
} from './board-state';
import { CardPanel, type CardPanelData } from './card-panel';

/**
 * `/app/:ws/tavla` — the Kanban board. Cards are dragged between and within
 * columns (`@angular/cdk/drag-drop`) or moved with the "Flytta till…" menu
 * (keyboard). A move shows at once and is rolled back with a message if the
 * server refuses; other members' changes arrive live.
 */
@Component({
  selector: 'lg-board-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CdkDropListGroup, CdkDropList, CdkDrag, CdkMenuTrigger, CdkMenu, CdkMenuItem],
  templateUrl: './board-page.html',
  styleUrl: './board-page.css',
})
export class BoardPage {
  protected readonly context = inject(WorkspaceContext);
  protected readonly state = signal<BoardState>(EMPTY_BOARD);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly moveError = signal('');
  protected readonly formError = signal<Record<string, string>>({});
  protected readonly announcement = signal('');
  /** Cards whose move the server has not answered yet (they cannot be dragged meanwhile). */
  protected readonly pending = signal<ReadonlySet<string>>(new Set());
  protected readonly renaming = signal<string | null>(null);
  protected readonly today = new Date().toISOString().slice(0, 10);

  protected readonly columns = computed(() => {
    const s = this.state();
    return s.columns.map((column) => ({ column, cards: s.cards[column.id] ?? [] }));
  });

  private readonly api = inject(DashboardApi);
  private readonly dialog = inject(Dialog);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private loadSeq = 0;

  constructor() {
    inject(PageMeta).set({ title: 'Tavla', noindex: true });
    afterNextRender(() => void this.load());
    const destroyRef = inject(DestroyRef);
    const events = inject(WorkspaceEvents);
    events.on((event) => this.state.update((s) => applyRealtime(s, event)), destroyRef);
    // After a reconnect, events may have been missed: reload the whole board.
    events.onReady((reconnected) => {
      if (reconnected) void this.load(true);
    }, destroyRef);
  }

  protected async load(quiet = false): Promise<void> {
    const seq = ++this.loadSeq;
    if (!quiet) this.loading.set(true);
    try {
      const board = await this.api.board(this.context.id());
      if (seq !== this.loadSeq) return;
      this.state.update((s) => boardFromServer(board, s.seenComments));
      this.loadError.set('');
    } catch (error) {
      if (seq === this.loadSeq) this.loadError.set(problemText(toProblem(error)));
    } finally {
      if (seq === this.loadSeq) this.loading.set(false);
    }
  }

  protected memberInitials(userId: string): string {
    const name = this.context.memberName(userId) ?? '?';
    return name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase() ?? '')
      .join('');
  }

  protected memberName(userId: string): string {
    return this.context.memberName(userId) ?? 'Okänd';
  }

  protected checklistDone(card: Card): number {
    return card.checklist.filter((c) => c.done).length;
  }

  protected columnName(columnId: string): string {
    return this.state().columns.find((c) => c.id === columnId)?.name ?? '';
  }

  protected drop(event: CdkDragDrop<string, string, string>): void {
    void this.move(event.item.data, event.container.data, event.currentIndex);
  }

  /** Keyboard alternative: to the end of another column. */
  protected moveToColumn(cardId: string, columnId: string): void {
    const list = this.state().cards[columnId] ?? [];
    void this.move(cardId, columnId, list.filter((c) => c.id !== cardId).length, true);
  }

  /** Keyboard alternative: one step up or down within the column. */
  protected moveBy(cardId: string, step: number): void {
    const found = findCard(this.state(), cardId);
    if (!found) return;
    void this.move(cardId, found.columnId, Math.max(0, found.index + step), true);
  }

  private async move(cardId: string, columnId: string, index: number, viaKeyboard = false): Promise<void> {
    if (!this.context.canEdit() || this.pending().has(cardId)) return;
    const local = moveCardLocally(this.state(), cardId, columnId, index);
    if (!local) return;
    this.state.set(local.state);
    this.moveError.set('');
    this.setPending(cardId, true);
    const title = local.original.title;
    if (viaKeyboard) focusAfterRender(this.injector, this.host, `[data-card="${cardId}"] .card-open`);
    try {
      const card = await this.api.moveCard(this.context.id(), cardId, local.request);
      this.state.update((s) => confirmMove(s, card));
      this.announcement.set(`”${title}” flyttades till ${this.columnName(card.columnId)}.`);
    } catch (error) {
      const problem = toProblem(error);
      const fresh = problem.status === 409 ? ((problem.details as { current?: Card } | undefined)?.current ?? null) : null;
      this.state.update((s) => rollbackMove(s, local.original, fresh));
      this.moveError.set(
        fresh
          ? `”${title}” kunde inte flyttas: någon annan har ändrat kortet. Tavlan visar nu hur det ser ut.`
          : `”${title}” kunde inte flyttas: ${problemText(problem)} Kortet har flyttats tillbaka.`,
      );
    } finally {
      this.setPending(cardId, false);
    }
  }

  private setPending(cardId: string, on: boolean): void {
    this.pending.update((set) => {
      const next = new Set(set);
      if (on) next.add(cardId);
      else next.delete(cardId);
      return next;
    });
  }

  protected async addCard(event: Event, columnId: string, input: HTMLInputElement): Promise<void> {
    event.preventDefault();
    const title = input.value.trim();
    if (!title) {
      this.formError.set({ [columnId]: 'Skriv en rubrik för kortet.' });
      input.focus();
      return;
    }
    this.formError.set({});
    try {
      const card = await this.api.createCard(this.context.id(), columnId, { title });
      this.state.update((s) => upsertCard(s, card));
      input.value = '';
      this.announcement.set(`Kortet ”${card.title}” är tillagt i ${this.columnName(columnId)}.`);
    } catch (error) {
      this.formError.set({ [columnId]: problemText(toProblem(error)) });
    }
  }

  protected async addColumn(event: Event, input: HTMLInputElement): Promise<void> {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) {
      this.formError.set({ newColumn: 'Ange ett namn på kolumnen.' });
      input.focus();
      return;
    }
    this.formError.set({});
    const last = this.state().columns.at(-1)?.id ?? null;
    try {
      const column = await this.api.createColumn(this.context.id(), name, last);
      this.state.update((s) => addColumn(s, column));
      input.value = '';
      this.announcement.set(`Kolumnen ”${column.name}” är tillagd.`);
    } catch (error) {
      this.formError.set({ newColumn: problemText(toProblem(error)) });
    }
  }

  protected startRename(columnId: string): void {
    this.renaming.set(columnId);
    focusAfterRender(this.injector, this.host, `#kolumn-namn-${columnId}`);
  }

  protected async rename(event: Event, columnId: string, input: HTMLInputElement): Promise<void> {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) {
      this.formError.set({ [`rename-${columnId}`]: 'Ange ett namn på kolumnen.' });
      return;
    }
    try {
      const column = await this.api.updateColumn(this.context.id(), columnId, { name });
      this.state.update((s) => addColumn(s, column));
      this.renaming.set(null);
      this.formError.set({});
      focusAfterRender(this.injector, this.host, `[data-column="${columnId}"] .column-title`);
    } catch (error) {
      this.formError.set({ [`rename-${columnId}`]: problemText(toProblem(error)) });
    }
  }

  protected async deleteColumn(columnId: string): Promise<void> {
    const name = this.columnName(columnId);
    if (!globalThis.confirm?.(`Ta bort kolumnen ”${name}”?`)) return;
    try {
      await this.api.deleteColumn(this.context.id(), columnId);
      await this.load(true);
      this.announcement.set(`Kolumnen ”${name}” är borttagen.`);
    } catch (error) {
      this.moveError.set(problemText(toProblem(error)));
    }
  }

  protected open(card: Card): void {
    const data: CardPanelData = {
      cardId: card.id,
      board: this.state.asReadonly(),
      onCard: (c) => this.state.update((s) => upsertCard(s, c)),
      onDeleted: (id) => this.state.update((s) => removeCard(s, id)),
      onComment: (comment) => this.state.update((s) => commentAdded(s, comment)),
    };
    this.dialog.open(CardPanel, {
      data,
      injector: this.injector,
      ariaLabelledBy: 'kort-dialog-rubrik',
      maxWidth: '100vw',
      width: '44rem',
      autoFocus: 'first-heading',
      restoreFocus: true,
    });
  }

  protected isOverdue(card: Card): boolean {
    return card.dueDate !== null && card.dueDate < this.today;
  }
}
