import { Injectable } from '@nestjs/common';
import type { EventPayload } from '@laglig/contracts';
import { OnEvent } from '@laglig/messaging';
import { ResponseCache } from './response-cache.service';

/** A changed or repealed law loses its cached API responses (idempotent: DEL twice is fine). */
@Injectable()
export class CacheInvalidationHandlers {
  constructor(private readonly cache: ResponseCache) {}

  @OnEvent('law.changed')
  async onChanged(p: EventPayload<'law.changed'>): Promise<void> {
    await this.cache.purge(Object.values(this.cache.keysFor(p.sfs)));
  }

  @OnEvent('law.repealed')
  async onRepealed(p: EventPayload<'law.repealed'>): Promise<void> {
    await this.cache.purge(Object.values(this.cache.keysFor(p.sfs)));
  }
}
