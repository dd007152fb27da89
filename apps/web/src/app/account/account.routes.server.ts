import { RenderMode, type ServerRoute } from '@angular/ssr';

/**
 * Account pages render in the browser only: they need JavaScript anyway, and
 * the e-mailed tokens in their URLs never pass through a server render.
 */
export const accountServerRoutes: ServerRoute[] = ['logga-in', 'registrera', 'glomt-losenord', 'aterstall-losenord', 'verifiera-epost', 'inbjudan'].map((path) => ({
  path,
  renderMode: RenderMode.Client,
}));
