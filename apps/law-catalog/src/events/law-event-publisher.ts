import type { EventPayload } from '@laglig/contracts';

export type LawEventType = 'law.ingested' | 'law.changed' | 'law.repealed';

/**
 * Port through which the catalog announces changes. Bound to the messaging
 * EventBus in the Nest module (its `publish(type, payload, { id })` fits);
 * tests use a recording implementation.
 */
export interface LawEventPublisher {
  publish<E extends LawEventType>(type: E, payload: EventPayload<E>, options: { id: string }): Promise<unknown>;
}

export const LAW_EVENT_PUBLISHER = Symbol('LAW_EVENT_PUBLISHER');

/** Deterministic ids (BullMQ jobIds: no ':'), so re-publishing the same change is a no-op downstream. */
export const lawEventId = (type: LawEventType, versionId: string, previousVersionId?: string): string =>
  previousVersionId ? `${type}.${versionId}.from.${previousVersionId}` : `${type}.${versionId}`;

export interface PendingLawEvent<E extends LawEventType = LawEventType> {
  id: string;
  type: E;
  payload: EventPayload<E>;
}

/** Records published events (tests, dry runs). */
export class RecordingLawEventPublisher implements LawEventPublisher {
  readonly events: PendingLawEvent[] = [];

  async publish<E extends LawEventType>(type: E, payload: EventPayload<E>, options: { id: string }): Promise<void> {
    this.events.push({ id: options.id, type, payload } as PendingLawEvent);
  }

  ofType<E extends LawEventType>(type: E): Array<PendingLawEvent<E>> {
    return this.events.filter((event): event is PendingLawEvent<E> => event.type === type);
  }

  clear(): void {
    this.events.length = 0;
  }
}
