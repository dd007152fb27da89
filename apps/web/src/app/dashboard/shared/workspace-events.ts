import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { RealtimeEvent } from '@laglig/contracts';
import { Session } from '../../account/session';
import { API_BASE_URL } from '../../core/api-base-url';
import { type EventStreamHandle, type StreamStatus, openEventStream } from './event-stream';

type EventListener = (event: RealtimeEvent) => void;
type ReadyListener = (reconnected: boolean) => void;

/**
 * One live connection per open workspace (`GET /workspaces/:ws/events`),
 * shared by its pages: the board applies card events, the register
 * requirement events. Provided by the workspace shell.
 */
@Injectable()
export class WorkspaceEvents {
  private readonly session = inject(Session);
  private readonly base = inject(API_BASE_URL);
  private handle: EventStreamHandle | null = null;
  private readonly listeners = new Set<EventListener>();
  private readonly readyListeners = new Set<ReadyListener>();

  readonly status = signal<StreamStatus>('connecting');
  readonly message = signal('');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  start(ws: string): void {
    this.stop();
    this.status.set('connecting');
    this.message.set('');
    const core = this.session.core;
    this.handle = openEventStream({
      url: `${this.base}/api/v1/workspaces/${encodeURIComponent(ws)}/events`,
      token: () => core.tokenForRequest(),
      unauthorized: (used) => core.afterUnauthorized(used),
      onEvent: (event) => {
        if (event.workspaceId !== ws) return;
        for (const listener of [...this.listeners]) listener(event);
      },
      onReady: (reconnected) => {
        for (const listener of [...this.readyListeners]) listener(reconnected);
      },
      onStatus: (status, message) => {
        this.status.set(status);
        this.message.set(message ?? '');
      },
    });
  }

  stop(): void {
    this.handle?.close();
    this.handle = null;
  }

  /** Listens until `destroyRef` (the page) is destroyed. */
  on(listener: EventListener, destroyRef: DestroyRef): void {
    this.listeners.add(listener);
    destroyRef.onDestroy(() => this.listeners.delete(listener));
  }

  /** Told at every `ready` (true after a reconnect: reload what the page shows). */
  onReady(listener: ReadyListener, destroyRef: DestroyRef): void {
    this.readyListeners.add(listener);
    destroyRef.onDestroy(() => this.readyListeners.delete(listener));
  }
}
