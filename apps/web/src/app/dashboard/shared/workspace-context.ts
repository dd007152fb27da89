import { Injectable, computed, inject, signal } from '@angular/core';
import { type Member, WORKSPACE_ROLE_LABELS, type Workspace } from '@laglig/contracts';
import { type ApiProblem, toProblem } from '../../account/api-problem';
import { DashboardApi } from './dashboard-api';

/**
 * The workspace a page works in (`/app/:ws/...`): who the user is in it and
 * who its members are. Provided by the workspace shell; every page under it
 * injects the same instance.
 */
@Injectable()
export class WorkspaceContext {
  private readonly api = inject(DashboardApi);
  private loadSeq = 0;

  readonly id = signal('');
  readonly workspace = signal<Workspace | null>(null);
  readonly members = signal<Member[]>([]);
  readonly problem = signal<ApiProblem | null>(null);

  readonly role = computed(() => this.workspace()?.role ?? null);
  readonly roleLabel = computed(() => {
    const role = this.role();
    return role ? WORKSPACE_ROLE_LABELS[role] : '';
  });
  /** AUDITOR reads everything and changes nothing: no edit controls are shown. */
  readonly readOnly = computed(() => this.role() === 'AUDITOR');
  readonly canEdit = computed(() => this.role() !== null && this.role() !== 'AUDITOR');
  readonly canManage = computed(() => this.role() === 'OWNER' || this.role() === 'ADMIN');
  /** Members who can be responsible for a requirement or assigned a card (not auditors). */
  readonly assignable = computed(() => this.members().filter((m) => m.role !== 'AUDITOR'));

  async load(ws: string): Promise<void> {
    const seq = ++this.loadSeq;
    this.id.set(ws);
    this.workspace.set(null);
    this.members.set([]);
    this.problem.set(null);
    try {
      const [workspace, members] = await Promise.all([this.api.workspace(ws), this.api.members(ws)]);
      if (seq !== this.loadSeq) return;
      this.workspace.set(workspace);
      this.members.set(members.items);
    } catch (error) {
      if (seq === this.loadSeq) this.problem.set(toProblem(error));
    }
  }

  async reloadMembers(): Promise<void> {
    const ws = this.id();
    if (!ws) return;
    try {
      const [workspace, members] = await Promise.all([this.api.workspace(ws), this.api.members(ws)]);
      if (ws !== this.id()) return;
      this.workspace.set(workspace);
      this.members.set(members.items);
    } catch {
      // Kept as it was; the next page load tries again.
    }
  }

  memberName(userId: string | null | undefined): string | null {
    if (!userId) return null;
    return this.members().find((m) => m.userId === userId)?.displayName ?? null;
  }
}
