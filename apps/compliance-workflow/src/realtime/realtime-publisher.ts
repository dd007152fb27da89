import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { realtimeChannel, type RealtimeEvent } from '@laglig/contracts';
import { MESSAGING_CONNECTION, type MessagingConnection } from '@laglig/messaging';

/**
 * Tells every gateway replica about a committed change in a workspace (Redis
 * pub/sub; each replica forwards it to that workspace's open event streams).
 * Best effort by nature: a client that missed an event reloads the board when
 * its stream reconnects. Call after the transaction commits.
 */
@Injectable()
export class RealtimePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimePublisher.name);
  private readonly redis: Redis;

  constructor(@Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection) {
    // Offline queue on: a publish right after start waits for the connection instead of failing.
    this.redis = new Redis({ ...connection.redis, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  async publish(event: Omit<RealtimeEvent, 'at'> & { at?: string }): Promise<void> {
    const message: RealtimeEvent = { ...event, at: event.at ?? new Date().toISOString() };
    try {
      await this.redis.publish(realtimeChannel(this.connection.prefix, event.workspaceId), JSON.stringify(message));
    } catch (err) {
      this.logger.warn(`realtime publish failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
