import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Session } from '../account/session';

/**
 * `/app` and everything under it: the e-mail verification banner and the
 * dashboard's shared styles (unencapsulated, see dashboard.css).
 */
@Component({
  selector: 'lg-dashboard-frame',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  imports: [RouterOutlet],
  styleUrl: './dashboard.css',
  host: { class: 'dash', style: 'display: block' },
  template: `
    @if (unverified(); as email) {
      <div class="dash-banner" role="region" aria-label="Bekräfta e-postadress">
        <p>
          <strong>Bekräfta din e-postadress.</strong>
          Vi har skickat en länk till {{ email }}. Tills adressen är bekräftad får du inga påminnelser eller inbjudningar via e-post.
        </p>
      </div>
    }
    <router-outlet />
  `,
})
export class DashboardFrame {
  private readonly session = inject(Session);

  protected readonly unverified = computed(() => {
    const user = this.session.user();
    return user && !user.emailVerified ? user.email : null;
  });
}
