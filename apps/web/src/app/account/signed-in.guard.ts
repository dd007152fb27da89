import { isPlatformBrowser } from '@angular/common';
import { PLATFORM_ID, inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { Session } from './session';

/**
 * Signed-in pages: restores the session through the refresh cookie if needed;
 * a signed-out visitor goes to `/logga-in?till=<the page>`. These routes are
 * rendered in the browser only (RenderMode.Client), so the server never runs it.
 */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  if (!isPlatformBrowser(inject(PLATFORM_ID))) return true;
  if (await inject(Session).ensure()) return true;
  return router.createUrlTree(['/logga-in'], { queryParams: { till: state.url } });
};
