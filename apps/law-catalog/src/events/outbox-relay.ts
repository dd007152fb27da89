import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { flushOutbox, type FlushResult } from './outbox';
import { LAW_EVENT_PUBLISHER, type LawEventPublisher } from './law-event-publisher';

/** How often the relay looks for unpublished events (env OUTBOX_POLL_MS; 0 disables polling). */
const DEFAULT_POLL_MS = 5000;

/**
 * Publishes the outbox through the bound LawEventPublisher: right after an
 * ingestion run, and by polling (so events written by the CLI, or left
 * behind when Redis was down, go out). Every replica may poll; rows are
 * claimed with SKIP LOCKED and event ids are deterministic.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<FlushResult> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(LAW_EVENT_PUBLISHER) private readonly publisher: LawEventPublisher | null,
  ) {}

  get enabled(): boolean {
    return this.publisher !== null && this.publisher !== undefined;
  }

  onApplicationBootstrap(): void {
    const pollMs = Number(process.env['OUTBOX_POLL_MS'] ?? DEFAULT_POLL_MS);
    if (!this.enabled) {
      this.logger.warn('No LawEventPublisher bound: law events stay in the outbox until one is.');
      return;
    }
    if (pollMs > 0) {
      this.timer = setInterval(() => void this.flush().catch((e: unknown) => this.logger.warn(`outbox flush failed: ${String(e)}`)), pollMs);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Publish what is pending; concurrent calls in one process share one flush. */
  flush(): Promise<FlushResult> {
    if (!this.publisher) return Promise.resolve({ published: 0, failed: 0 });
    if (!this.running) {
      const publisher = this.publisher;
      this.running = flushOutbox(this.dataSource, publisher).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }
}
