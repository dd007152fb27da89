import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { realtimeChannel } from '@laglig/contracts';
import { MESSAGING_CONNECTION, type MessagingConnection } from '@laglig/messaging';

/** One open event stream's side of the hub. */
export interface RealtimeListener {
  /** A message of the workspace's channel, as published (JSON text). */
  message(raw: string): void;
  /**
   * The hub can no longer promise delivery (the subscriber connection was
   * lost, or the gateway is shutting down): end the stream so the client
   * reconnects and reloads what it may have missed.
   */
  lost(): void;
}

/** How long opening a stream waits for Redis to confirm the subscription. */
const SUBSCRIBE_TIMEOUT_MS = 3000;

/**
 * Real-time fan-out in the gateway: ONE Redis connection in subscriber mode
 * per gateway process, subscribed to the channels of the workspaces that have
 * open event streams here, reference-counted (the first stream of a workspace
 * subscribes, the last one to close unsubscribes). Every replica subscribes
 * for its own streams, so a change published once by compliance-workflow
 * reaches every replica and every open stream.
 *
 * Pub/sub does not replay: when the connection drops, every stream is ended
 * (clients reconnect and reload the board), rather than left open with a gap.
 */
@Injectable()
export class RealtimeHub implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeHub.name);
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<string, Set<RealtimeListener>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private wasReady = false;

  constructor(@Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection) {}

  /** Channels with at least one open stream in this process. */
  get channelCount(): number {
    return this.listeners.size;
  }

  /** Adds a stream for a workspace; resolves once Redis confirmed the subscription. Returns the remover. */
  async subscribe(workspaceId: string, listener: RealtimeListener): Promise<() => void> {
    const channel = realtimeChannel(this.connection.prefix, workspaceId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      // Commands on one connection run in order: an UNSUBSCRIBE sent just before stays ahead of this SUBSCRIBE.
      const confirmed = this.client().subscribe(channel);
      confirmed.catch(() => undefined);
      this.subscribed.set(channel, confirmed);
    }
    set.add(listener);
    const remove = (): void => this.remove(channel, listener);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.subscribed.get(channel),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('subscribe timed out')), SUBSCRIBE_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      remove();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    return remove;
  }

  private remove(channel: string, listener: RealtimeListener): void {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    this.subscribed.delete(channel);
    void this.subscriber?.unsubscribe(channel).catch(() => undefined);
  }

  private client(): Redis {
    if (this.subscriber) return this.subscriber;
    const redis = new Redis({ ...this.connection.redis, maxRetriesPerRequest: null });
    redis.on('message', (channel: string, message: string) => {
      for (const listener of [...(this.listeners.get(channel) ?? [])]) {
        try {
          listener.message(message);
        } catch (err) {
          this.logger.warn(`realtime listener failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    });
    redis.on('ready', () => {
      if (this.wasReady) this.endAll('reconnected');
      this.wasReady = true;
    });
    redis.on('close', () => {
      if (this.wasReady && this.listeners.size > 0) this.endAll('connection lost');
    });
    redis.on('error', (err: Error) => this.logger.warn(`realtime subscriber: ${err.message}`));
    this.subscriber = redis;
    return redis;
  }

  /** Ends every open stream (they unsubscribe as they close). */
  private endAll(reason: string): void {
    const all = [...this.listeners.values()].flatMap((set) => [...set]);
    if (all.length > 0) this.logger.warn(`realtime: ending ${all.length} stream(s): ${reason}`);
    for (const listener of all) listener.lost();
  }

  /** Before the HTTP server closes (it waits for open responses): end every stream. */
  beforeApplicationShutdown(): void {
    this.wasReady = false;
    this.endAll('shutting down');
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}
