import type { Route } from '@angular/router';
import { signedInGuard } from './signed-in.guard';

/** Login, registration, password reset, e-mail verification and invitations (Swedish URLs). */
export const accountRoutes: Route[] = [
  { path: 'logga-in', loadComponent: () => import('./login-page').then((m) => m.LoginPage) },
  { path: 'registrera', loadComponent: () => import('./register-page').then((m) => m.RegisterPage) },
  { path: 'glomt-losenord', loadComponent: () => import('./forgot-password-page').then((m) => m.ForgotPasswordPage) },
  { path: 'aterstall-losenord', loadComponent: () => import('./reset-password-page').then((m) => m.ResetPasswordPage) },
  { path: 'verifiera-epost', loadComponent: () => import('./verify-email-page').then((m) => m.VerifyEmailPage) },
  { path: 'inbjudan', canActivate: [signedInGuard], loadComponent: () => import('./invitation-page').then((m) => m.InvitationPage) },
];
