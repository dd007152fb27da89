import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { IndexStatus } from './law-index-state.entity';
import { LawIndexStateEntity } from './law-index-state.entity';

export interface IndexStateChange {
  sfs: string;
  title: string;
  versionId: string;
  status: IndexStatus;
  eventId: string;
}

@Injectable()
export class IndexStateService {
  constructor(@InjectRepository(LawIndexStateEntity) private readonly states: Repository<LawIndexStateEntity>) {}

  /**
   * Idempotent upsert: the same event twice leaves one row in the same state.
   * An older event arriving late never overwrites a newer one for the same
   * version it already recorded.
   */
  async record(change: IndexStateChange): Promise<void> {
    await this.states.query(
      `INSERT INTO rag.law_index_state (sfs, title, version_id, status, last_event_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (sfs) DO UPDATE
         SET title = EXCLUDED.title, version_id = EXCLUDED.version_id, status = EXCLUDED.status,
             last_event_id = EXCLUDED.last_event_id, updated_at = now()
       WHERE rag.law_index_state.last_event_id IS DISTINCT FROM EXCLUDED.last_event_id`,
      [change.sfs, change.title, change.versionId, change.status, change.eventId],
    );
  }

  async get(sfs: string): Promise<LawIndexStateEntity | null> {
    return this.states.findOneBy({ sfs });
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: string }> = await this.states.query(
      `SELECT status, count(*) AS n FROM rag.law_index_state GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
