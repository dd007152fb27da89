import { ChangeDetectionStrategy, Component, afterNextRender, computed, effect, inject, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { EmailSchema, type Invitation, type Member, WORKSPACE_ROLES, WORKSPACE_ROLE_LABELS, type WorkspaceRole } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { Session } from '../../account/session';
import { PageMeta } from '../../core/page-meta';
import { formatDate, formatDateTime } from '../activity/activity-format';
import { DashboardApi } from '../shared/dashboard-api';
import { WorkspaceContext } from '../shared/workspace-context';

/**
 * `/app/:ws/medlemmar` — members and their roles; owners and administrators
 * change roles, remove members, invite by e-mail with a role and revoke
 * pending invitations. Everyone else sees the list.
 */
@Component({
  selector: 'lg-members-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './members-page.css',
  template: `
    <h1>Medlemmar</h1>
    <details class="roles-help">
      <summary>Vad får de olika rollerna göra?</summary>
      <ul>
        <li><strong>Ägare</strong> – allt, även att ta bort arbetsytan och utse andra ägare.</li>
        <li><strong>Administratör</strong> – bjuder in och hanterar medlemmar, och arbetar med laglistan och tavlan.</li>
        <li><strong>Medlem</strong> – arbetar med laglistan, kraven och tavlan.</li>
        <li><strong>Revisor</strong> – läser allt, även aktivitetsloggen, men ändrar inget. För certifieringsorganet.</li>
      </ul>
    </details>
    <div aria-live="polite">
      @if (message()) {
        <p class="success">{{ message() }}</p>
      }
    </div>
    @if (error()) {
      <p class="notice" role="alert">{{ error() }}</p>
    }

    <div class="table-scroll">
      <table class="members">
        <caption class="visually-hidden">Medlemmar i arbetsytan</caption>
        <thead>
          <tr>
            <th scope="col">Namn</th>
            <th scope="col">E-post</th>
            <th scope="col">Roll</th>
            <th scope="col">Medlem sedan</th>
            @if (context.canManage()) {
              <th scope="col"><span class="visually-hidden">Åtgärder</span></th>
            }
          </tr>
        </thead>
        <tbody>
          @for (m of context.members(); track m.userId) {
            <tr>
              <td>
                {{ m.displayName }}
                @if (m.userId === myId()) {
                  <span class="muted">(du)</span>
                }
              </td>
              <td>{{ m.email }}</td>
              <td>
                @if (context.canManage() && m.userId !== myId()) {
                  <label class="visually-hidden" [for]="'roll-' + m.userId">Roll för {{ m.displayName }}</label>
                  <select [id]="'roll-' + m.userId" (change)="changeRole(m, $event)">
                    @for (r of roles; track r) {
                      <option [value]="r" [selected]="m.role === r">{{ roleLabels[r] }}</option>
                    }
                  </select>
                } @else {
                  {{ roleLabels[m.role] }}
                }
              </td>
              <td class="nowrap">{{ formatDate(m.joinedAt) }}</td>
              @if (context.canManage()) {
                <td>
                  @if (m.userId !== myId()) {
                    <button class="btn btn-danger btn-small" type="button" (click)="remove(m)" [attr.aria-label]="'Ta bort ' + m.displayName + ' ur arbetsytan'">Ta bort</button>
                  }
                </td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
    @if (canLeave()) {
      <p><button class="btn btn-secondary btn-small" type="button" (click)="leave()">Lämna arbetsytan</button></p>
    }

    @if (context.canManage()) {
      <section class="panel" aria-labelledby="bjud-in-rubrik">
        <h2 id="bjud-in-rubrik">Bjud in</h2>
        <form class="inline-form" novalidate (submit)="invite($event, email, role)">
          <div class="field">
            <label for="inbjudan-epost">E-postadress</label>
            <input
              #email
              id="inbjudan-epost"
              type="email"
              inputmode="email"
              autocomplete="off"
              [attr.aria-invalid]="inviteError() ? 'true' : null"
              [attr.aria-describedby]="inviteError() ? 'inbjudan-fel' : null"
            />
          </div>
          <div class="field role-field">
            <label for="inbjudan-roll">Roll</label>
            <select #role id="inbjudan-roll">
              @for (r of invitableRoles(); track r) {
                <option [value]="r" [selected]="r === 'MEMBER'">{{ roleLabels[r] }}</option>
              }
            </select>
          </div>
          <button class="btn" type="submit" [disabled]="inviting()">Skicka inbjudan</button>
        </form>
        @if (inviteError()) {
          <p id="inbjudan-fel" class="field-error" role="alert">{{ inviteError() }}</p>
        }
        <h3>Väntande inbjudningar</h3>
        @if (pending().length === 0) {
          <p class="muted">Inga väntande inbjudningar.</p>
        } @else {
          <ul class="plain-list">
            @for (inv of pending(); track inv.id) {
              <li class="invitation">
                <span>
                  <strong>{{ inv.email }}</strong> som {{ roleLabels[inv.role] }}
                  <span class="muted block">Inbjuden av {{ inv.invitedBy }} {{ formatDateTime(inv.createdAt) }} · gäller till {{ formatDate(inv.expiresAt) }}</span>
                </span>
                <button class="btn btn-secondary btn-small" type="button" (click)="revoke(inv)" [attr.aria-label]="'Återkalla inbjudan till ' + inv.email">Återkalla</button>
              </li>
            }
          </ul>
        }
      </section>
    }
  `,
})
export class MembersPage {
  protected readonly context = inject(WorkspaceContext);
  protected readonly roles = WORKSPACE_ROLES;
  protected readonly roleLabels = WORKSPACE_ROLE_LABELS;
  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;
  protected readonly invitations = signal<Invitation[]>([]);
  protected readonly message = signal('');
  protected readonly error = signal('');
  protected readonly inviteError = signal('');
  protected readonly inviting = signal(false);

  private readonly api = inject(DashboardApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly myId = computed(() => this.session.user()?.id ?? null);
  protected readonly pending = computed(() => this.invitations().filter((i) => i.acceptedAt === null));
  /** Only an owner can make someone an owner. */
  protected readonly invitableRoles = computed<readonly WorkspaceRole[]>(() => (this.context.role() === 'OWNER' ? WORKSPACE_ROLES : WORKSPACE_ROLES.filter((r) => r !== 'OWNER')));
  protected readonly canLeave = computed(() => this.context.role() !== null && this.context.role() !== 'OWNER');

  constructor() {
    inject(PageMeta).set({ title: 'Medlemmar', noindex: true });
    afterNextRender(() => void this.context.reloadMembers());
    // The role is known once the workspace has loaded.
    let loaded = false;
    effect(() => {
      if (this.context.canManage() && !loaded) {
        loaded = true;
        void untracked(() => this.loadInvitations());
      }
    });
  }

  private async loadInvitations(): Promise<void> {
    try {
      this.invitations.set((await this.api.invitations(this.context.id())).items);
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    }
  }

  protected async changeRole(member: Member, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const role = select.value as WorkspaceRole;
    this.error.set('');
    try {
      await this.api.updateMember(this.context.id(), member.userId, role);
      this.message.set(`${member.displayName} är nu ${WORKSPACE_ROLE_LABELS[role].toLowerCase()}.`);
      await this.context.reloadMembers();
    } catch (error) {
      select.value = member.role;
      this.error.set(problemText(toProblem(error)));
    }
  }

  protected async remove(member: Member): Promise<void> {
    if (!globalThis.confirm?.(`Ta bort ${member.displayName} ur arbetsytan?`)) return;
    try {
      await this.api.removeMember(this.context.id(), member.userId);
      this.message.set(`${member.displayName} är borttagen ur arbetsytan.`);
      await this.context.reloadMembers();
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    }
  }

  protected async leave(): Promise<void> {
    const me = this.myId();
    if (!me || !globalThis.confirm?.('Lämna arbetsytan? Du behöver en ny inbjudan för att komma tillbaka.')) return;
    try {
      await this.api.removeMember(this.context.id(), me);
      await this.session.reloadProfile();
      await this.router.navigateByUrl('/app');
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    }
  }

  protected async invite(event: Event, emailInput: HTMLInputElement, roleSelect: HTMLSelectElement): Promise<void> {
    event.preventDefault();
    const email = EmailSchema.safeParse(emailInput.value);
    if (!email.success) {
      this.inviteError.set(email.error.issues[0]?.message ?? 'Ange en giltig e-postadress');
      emailInput.focus();
      return;
    }
    this.inviteError.set('');
    this.inviting.set(true);
    try {
      const invitation = await this.api.invite(this.context.id(), email.data, roleSelect.value as WorkspaceRole);
      this.invitations.update((list) => [invitation, ...list.filter((i) => i.id !== invitation.id)]);
      emailInput.value = '';
      this.message.set(`En inbjudan har skickats till ${invitation.email}.`);
    } catch (error) {
      this.inviteError.set(problemText(toProblem(error)));
      emailInput.focus();
    } finally {
      this.inviting.set(false);
    }
  }

  protected async revoke(invitation: Invitation): Promise<void> {
    try {
      await this.api.revokeInvitation(this.context.id(), invitation.id);
      this.invitations.update((list) => list.filter((i) => i.id !== invitation.id));
      this.message.set(`Inbjudan till ${invitation.email} är återkallad.`);
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    }
  }
}
