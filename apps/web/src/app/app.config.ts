import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideClientHydration, withIncrementalHydration, withNoHttpTransferCache } from '@angular/platform-browser';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { authInterceptor } from './account/auth-interceptor';
import { appRoutes } from './app.routes';
import { forwardClientIp } from './core/forward-client-ip';

export const appConfig: ApplicationConfig = {
  providers: [
    // Data reaches the browser through explicit TransferState in the resolvers
    // (core/transfer.ts), so the statute text is not serialised twice.
    provideClientHydration(withIncrementalHydration(), withNoHttpTransferCache()),
    provideBrowserGlobalErrorListeners(),
    // forwardClientIp only acts during server rendering (it needs the request context);
    // authInterceptor adds the signed-in user's access token to /api/v1 calls in the browser.
    provideHttpClient(withFetch(), withInterceptors([forwardClientIp, authInterceptor])),
    provideRouter(
      appRoutes,
      withComponentInputBinding(),
      withInMemoryScrolling({ anchorScrolling: 'enabled', scrollPositionRestoration: 'enabled' }),
    ),
  ],
};
