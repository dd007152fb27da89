import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { PageMeta } from '../core/page-meta';
import { ChatPanel } from './chat-panel';

/**
 * `/fraga` — "Fråga lagen": a question answered from the statutes, streamed
 * from `POST /api/v1/chat` with its sources. Always anonymous (the panel gets
 * no `request`: no token, stored nowhere). The server renders the empty form;
 * questions are only asked from the browser.
 */
@Component({
  selector: 'lg-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChatPanel],
  templateUrl: './chat-page.html',
})
export class ChatPage {
  constructor() {
    inject(PageMeta).set({
      title: 'Fråga lagen',
      description: 'Ställ en fråga om svensk lag och få ett svar som hänvisar till de paragrafer det bygger på.',
      canonicalPath: '/fraga',
    });
  }
}
