import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope, LawChangeKind, SectionChange } from '@laglig/contracts';
import type { MailChange, MailRequirement } from '../templates/law-change-mails';
import type { RequirementLookup } from './audience';

/** A stored change (law_changes_inbox) as the mails need it. */
export interface StoredChange extends MailChange {
  eventId: string;
  receivedAt: Date;
  immediateDone: boolean;
  /** The machine-written summary, when one was made (see ChangeSummaries). */
  aiSummary: string | null;
  /** Summary calls made or claimed so far. */
  aiSummaryAttempts: number;
}

interface InboxRow {
  id: string;
  event_id: string;
  change_id: string | null;
  sfs: string;
  title: string;
  kind: LawChangeKind;
  amending_sfs: string | null;
  in_force: string | null;
  sections: SectionChange[];
  received_at: Date;
  immediate_done_at: Date | null;
  ai_summary: string | null;
  ai_summary_attempts: number;
}

const COLUMNS = `id, event_id, change_id, sfs, title, kind, amending_sfs, in_force, sections, received_at, immediate_done_at, ai_summary, ai_summary_attempts`;

const toChange = (r: InboxRow): StoredChange => ({
  id: r.id,
  eventId: r.event_id,
  changeId: r.change_id,
  sfs: r.sfs,
  title: r.title,
  kind: r.kind,
  amendingSfs: r.amending_sfs,
  inForce: r.in_force,
  sections: r.sections,
  receivedAt: new Date(r.received_at),
  immediateDone: r.immediate_done_at !== null,
  aiSummary: r.ai_summary,
  aiSummaryAttempts: r.ai_summary_attempts,
});

/** A change not yet digested by anybody is kept this long; mails then link to the change feed in the app. */
export const RETENTION_DAYS = 90;

/**
 * The notifier's copy of law-catalog's change events and of the requirements
 * compliance-workflow re-opened for them. One row per event (unique event id,
 * ON CONFLICT DO NOTHING): a redelivered event changes nothing.
 */
@Injectable()
export class ChangeInbox {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the change once; returns the stored row (the existing one on a redelivery). */
  async storeChange(e: EventEnvelope<'law.changed'> | EventEnvelope<'law.repealed'>): Promise<StoredChange> {
    const p = e.payload;
    let row: { changeId: string | null; kind: LawChangeKind; amendingSfs: string | null; inForce: string | null; substantive: boolean; sections: SectionChange[] };
    if (e.type === 'law.changed') {
      const c = (e as EventEnvelope<'law.changed'>).payload;
      row = { changeId: c.changeId ?? null, kind: 'amended', amendingSfs: c.amendingSfs, inForce: c.inForce, substantive: c.substantive, sections: c.sections ?? [] };
    } else {
      const r = (e as EventEnvelope<'law.repealed'>).payload;
      row = { changeId: r.changeId ?? null, kind: 'repealed', amendingSfs: r.repealedBy, inForce: r.repealedAt ?? null, substantive: true, sections: [] };
    }
    // A repeal that arrives with a new text comes as law.changed and law.repealed with the same
    // change id: one row per change (kind "repealed" wins, the sections of law.changed are kept),
    // so nobody is told twice. Events without a change id (older producers) are kept per event.
    const conflict = row.changeId
      ? `ON CONFLICT (change_id) WHERE change_id IS NOT NULL DO UPDATE SET
           kind = CASE WHEN EXCLUDED.kind = 'repealed' THEN 'repealed' ELSE notifier.law_changes_inbox.kind END,
           sections = CASE WHEN jsonb_array_length(notifier.law_changes_inbox.sections) = 0 THEN EXCLUDED.sections ELSE notifier.law_changes_inbox.sections END,
           amending_sfs = coalesce(notifier.law_changes_inbox.amending_sfs, EXCLUDED.amending_sfs),
           in_force = coalesce(notifier.law_changes_inbox.in_force, EXCLUDED.in_force)`
      : `ON CONFLICT ON CONSTRAINT "UQ_law_changes_inbox_event" DO NOTHING`;
    const inserted: InboxRow[] = await this.dataSource.query(
      `INSERT INTO notifier.law_changes_inbox (id, event_id, event_type, change_id, sfs, title, kind, amending_sfs, in_force, substantive, sections, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12)
       ${conflict}
       RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        e.id,
        e.type,
        row.changeId,
        p.sfs,
        p.title,
        row.kind,
        row.amendingSfs,
        row.inForce && /^\d{4}-\d{2}-\d{2}$/.test(row.inForce) ? row.inForce : null,
        row.substantive,
        JSON.stringify(row.sections),
        Number.isNaN(Date.parse(e.occurredAt)) ? new Date().toISOString() : e.occurredAt,
      ],
    );
    if (inserted[0]) return toChange(inserted[0]);
    const [existing]: InboxRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM notifier.law_changes_inbox WHERE event_id = $1`, [e.id]);
    if (!existing) throw new Error(`law change ${e.id} neither inserted nor found`);
    return toChange(existing);
  }

  async markImmediateDone(id: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE notifier.law_changes_inbox SET immediate_done_at = now() WHERE id = $1 AND immediate_done_at IS NULL`, [id]);
  }

  /** requirements.flagged, once per event. Returns whether it was new. */
  async storeFlagged(e: EventEnvelope<'requirements.flagged'>): Promise<boolean> {
    const p = e.payload;
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO notifier.flagged_requirements (event_id, workspace_id, workspace_change_id, change_id, sfs, list_ids, requirements)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
       ON CONFLICT ON CONSTRAINT "PK_flagged_requirements" DO NOTHING
       RETURNING event_id`,
      [e.id, p.workspaceId, p.workspaceChangeId, p.changeId, p.sfs, JSON.stringify(p.listIds), JSON.stringify(p.requirements)],
    );
    return rows.length > 0;
  }

  /**
   * Changes a digest as of `at` may contain: received within the lookback and
   * not after `at`, whose immediate pass has finished — or is more than an hour
   * old (compliance-workflow was unreachable for that long: digest it anyway
   * rather than lose it).
   */
  async digestCandidates(at: Date, lookbackDays: number): Promise<StoredChange[]> {
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notifier.law_changes_inbox
        WHERE received_at <= $1 AND received_at > $1::timestamptz - $2 * interval '1 day'
          AND (immediate_done_at IS NOT NULL OR received_at < now() - interval '1 hour')
        ORDER BY received_at, id`,
      [at.toISOString(), lookbackDays],
    );
    return rows.map(toChange);
  }

  /**
   * The requirements each change re-opened per workspace, from requirements.flagged:
   * matched on law-catalog's change id, or (for events without one) on the
   * statute among flags received since the change arrived.
   */
  async requirementLookup(workspaceIds: readonly string[], changes: readonly StoredChange[]): Promise<RequirementLookup> {
    if (workspaceIds.length === 0 || changes.length === 0) return () => [];
    const rows: Array<{ workspace_id: string; change_id: string | null; sfs: string; requirements: Array<{ id: string; title: string }>; received_at: Date }> =
      await this.dataSource.query(
        `SELECT workspace_id, change_id, sfs, requirements, received_at FROM notifier.flagged_requirements
          WHERE workspace_id = ANY ($1::uuid[]) AND sfs = ANY ($2::text[])
          ORDER BY received_at`,
        [workspaceIds, [...new Set(changes.map((c) => c.sfs))]],
      );
    const received = new Map(changes.map((c) => [c.id, c.receivedAt.getTime()]));
    return (workspaceId: string, change: MailChange): MailRequirement[] => {
      const since = (received.get(change.id) ?? 0) - 3600_000;
      const seen = new Set<string>();
      const result: MailRequirement[] = [];
      for (const r of rows) {
        if (r.workspace_id !== workspaceId || r.sfs !== change.sfs) continue;
        const match = change.changeId ? r.change_id === change.changeId : r.change_id === null && new Date(r.received_at).getTime() >= since;
        if (!match) continue;
        for (const req of r.requirements) {
          if (seen.has(req.id)) continue;
          seen.add(req.id);
          result.push({ id: req.id, title: req.title });
        }
      }
      return result;
    };
  }

  /** Drops what no digest can still need (older than RETENTION_DAYS). */
  async purge(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `DELETE FROM notifier.notified_changes n USING notifier.law_changes_inbox c
          WHERE n.change_id = c.id AND c.received_at < now() - $1 * interval '1 day'`,
        [RETENTION_DAYS],
      );
      await m.query(`DELETE FROM notifier.law_changes_inbox WHERE received_at < now() - $1 * interval '1 day'`, [RETENTION_DAYS]);
      await m.query(`DELETE FROM notifier.flagged_requirements WHERE received_at < now() - $1 * interval '1 day'`, [RETENTION_DAYS]);
      await m.query(`DELETE FROM notifier.digest_runs WHERE created_at < now() - $1 * interval '1 day'`, [RETENTION_DAYS]);
    });
  }
}
