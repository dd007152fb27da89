import type { Route } from '@angular/router';
import { signedInGuard } from '../account/signed-in.guard';

/** The signed-in dashboard under `/app` (a guard sends signed-out visitors to `/logga-in?till=`). */
export const dashboardRoutes: Route[] = [
  {
    path: 'app',
    canActivate: [signedInGuard],
    loadComponent: () => import('./dashboard-frame').then((m) => m.DashboardFrame),
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./workspaces/workspaces-page').then((m) => m.WorkspacesPage) },
      {
        path: ':ws',
        loadComponent: () => import('./shell/workspace-shell').then((m) => m.WorkspaceShell),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'laglista' },
          { path: 'kom-igang', loadComponent: () => import('./onboarding/onboarding-page').then((m) => m.OnboardingPage) },
          { path: 'laglista', loadComponent: () => import('./register/register-page').then((m) => m.RegisterPage) },
          { path: 'laglista/utskrift', loadComponent: () => import('./register/register-print-page').then((m) => m.RegisterPrintPage) },
          { path: 'krav/:id', loadComponent: () => import('./requirement/requirement-page').then((m) => m.RequirementPage) },
          { path: 'tavla', loadComponent: () => import('./board/board-page').then((m) => m.BoardPage) },
          { path: 'aktivitet', loadComponent: () => import('./activity/activity-page').then((m) => m.ActivityPage) },
          { path: 'medlemmar', loadComponent: () => import('./members/members-page').then((m) => m.MembersPage) },
          { path: 'fraga', loadComponent: () => import('./chat/workspace-chat-page').then((m) => m.WorkspaceChatPage) },
          { path: 'andringar', loadComponent: () => import('./changes/changes-page').then((m) => m.ChangesPage) },
          { path: 'installningar', pathMatch: 'full', redirectTo: 'installningar/aviseringar' },
          { path: 'installningar/aviseringar', loadComponent: () => import('../notifications/notifications-page').then((m) => m.NotificationsPage) },
          { path: '**', loadComponent: () => import('../not-found/not-found-page').then((m) => m.NotFoundPage) },
        ],
      },
    ],
  },
];
