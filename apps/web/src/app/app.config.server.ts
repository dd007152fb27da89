import { ApplicationConfig, TransferState, inject, mergeApplicationConfig, provideAppInitializer } from '@angular/core';
import { provideServerRendering, withRoutes } from '@angular/ssr';
import { readWebEnv } from '../server/env';
import { API_BASE_URL } from './core/api-base-url';
import { PUBLIC_BASE_URL, PUBLIC_BASE_URL_STATE } from './core/public-base-url';
import { appConfig } from './app.config';
import { serverRoutes } from './app.routes.server';

const env = readWebEnv();

const serverConfig: ApplicationConfig = {
  providers: [
    provideServerRendering(withRoutes(serverRoutes)),
    // Server-side rendering talks to the gateway directly.
    { provide: API_BASE_URL, useValue: env.GATEWAY_URL },
    { provide: PUBLIC_BASE_URL, useValue: env.PUBLIC_BASE_URL },
    provideAppInitializer(() => inject(TransferState).set(PUBLIC_BASE_URL_STATE, env.PUBLIC_BASE_URL)),
  ],
};

export const config = mergeApplicationConfig(appConfig, serverConfig);
