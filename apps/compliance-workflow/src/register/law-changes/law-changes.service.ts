import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REQUIREMENT_STATUS_LABELS, type RequirementStatus } from '@laglig/contracts';
import { ActivityService } from '../../activity/activity.service';
import { RealtimePublisher } from '../../realtime/realtime-publisher';
import { RegisterReadModel } from '../register.read-model';
import { sectionLabel } from '../section-label';

/** What a law event says changed: the sections, or the whole law (repealed). */
export interface LawChange {
  eventId: string;
  sfs: string;
  /** Anchors added, modified or repealed; 'all' when the law itself is repealed. */
  anchors: readonly string[] | 'all';
  /** Whether the text changed in substance (requirements without an anchor are re-opened only then). */
  substantive: boolean;
  /** "SFS 2024:123" or "upphävd" — what the activity log and the user read. */
  cause: string;
}

/** Who the activity log names when a law change re-opens a requirement. */
const ACTOR = 'Lagändring';

/**
 * Re-opens the requirements a law change touches: in every workspace, an
 * assessed requirement of an active list entry for that law whose section
 * changed (or, for a substantive change, one tied to the law as a whole)
 * goes back to "Ej bedömd", with an activity entry saying why and the status
 * it had. One row per event in law_change_applications makes a redelivered
 * event a no-op; the whole application is one transaction.
 */
@Injectable()
export class LawChangesService {
  private readonly logger = new Logger(LawChangesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
    private readonly readModel: RegisterReadModel,
  ) {}

  async apply(change: LawChange): Promise<{ reopened: number; alreadyApplied: boolean }> {
    const reopened = await this.dataSource.transaction(async (m) => {
      const claimed: unknown[] = await m.query(
        `INSERT INTO compliance.law_change_applications (event_id, sfs, reopened) VALUES ($1, $2, 0) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [change.eventId, change.sfs],
      );
      if (claimed.length === 0) return null;
      const all = change.anchors === 'all';
      const rows: Array<{ id: string; workspace_id: string; anchor: string | null; title: string; status: RequirementStatus }> = await m.query(
        `SELECT r.id, r.workspace_id, r.anchor, r.title, r.status
           FROM compliance.requirements r
           JOIN compliance.law_list_items i ON i.id = r.item_id
          WHERE i.kind = 'SFS' AND i.ref = $1 AND i.status = 'active' AND r.status IS NOT NULL
            AND ($2::boolean OR r.anchor = ANY($3::text[]) OR (r.anchor IS NULL AND $4::boolean))
          ORDER BY r.workspace_id, r.id
          FOR UPDATE OF r`,
        [change.sfs, all, all ? [] : change.anchors, change.substantive],
      );
      for (const r of rows) {
        await m.query(
          `UPDATE compliance.requirements SET status = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
          [r.id],
        );
        const where = r.anchor ? `${sectionLabel(r.anchor) ?? r.anchor} ` : '';
        await this.activity.record(
          m,
          { workspaceId: r.workspace_id, userId: null, actorName: ACTOR },
          {
            entityType: 'requirement',
            entityId: r.id,
            action: 'reopened',
            changes: [{ field: 'status', from: r.status, to: null }],
            summary: `${r.title}: ${where}i ${change.sfs} ändrad (${change.cause}); var ${REQUIREMENT_STATUS_LABELS[r.status]}, bedöm igen`,
          },
        );
      }
      await m.query(`UPDATE compliance.law_change_applications SET reopened = $2 WHERE event_id = $1`, [change.eventId, rows.length]);
      return rows;
    });
    if (reopened === null) return { reopened: 0, alreadyApplied: true };
    // After commit: every open board and register sees the requirement go back to "Ej bedömd".
    for (const r of reopened) {
      const dto = await this.readModel.requirement(this.dataSource.manager, r.workspace_id, r.id);
      if (dto) await this.realtime.publish({ type: 'requirement.updated', workspaceId: r.workspace_id, actorId: null, data: RegisterReadModel.publicRequirement(dto) });
    }
    if (reopened.length > 0) this.logger.log(`${change.eventId}: re-opened ${reopened.length} requirement(s) for ${change.sfs}`);
    return { reopened: reopened.length, alreadyApplied: false };
  }
}
