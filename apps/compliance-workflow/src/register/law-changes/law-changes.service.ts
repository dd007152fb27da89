import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  REQUIREMENT_STATUS_LABELS,
  REVIEW_FLAG_LABEL,
  type Card,
  type LawChangeKind,
  type RequirementReviewFlag,
  type RequirementStatus,
  type SectionChange,
} from '@laglig/contracts';
import { ActivityService } from '../../activity/activity.service';
import { BoardService } from '../../board/board.service';
import { enqueueEvent, OutboxRelay } from '../../events/outbox';
import { RealtimePublisher } from '../../realtime/realtime-publisher';
import { RegisterReadModel } from '../register.read-model';
import { sectionLabel } from '../section-label';
import {
  cardDescription,
  cardTitle,
  causeText,
  lawName,
  relevantSections,
  requirementPageUrl,
  sectionsFor,
  sectionsText,
  sectionText,
  touchedAnchors,
} from './change-text';
import { WorkspaceChangesReader } from './workspace-changes.read';

/** A law event as the register applies it (law.changed or law.repealed, normalised). */
export interface LawChangeEvent {
  /** The event envelope id: one application per id. */
  eventId: string;
  /** law-catalog's change record, when the event carried one. */
  changeId: string | null;
  sfs: string;
  title: string;
  kind: LawChangeKind;
  amendingSfs: string | null;
  /** Ikraftträdande (or the repeal date), YYYY-MM-DD. */
  inForce: string | null;
  /** Anything beyond editorial differences; an editorial change flags nothing. */
  substantive: boolean;
  sections: SectionChange[];
}

export interface LawChangeOutcome {
  alreadyApplied: boolean;
  /** Workspaces that got a change record. */
  workspaces: number;
  /** Requirements flagged "Behöver omprövas", over all workspaces. */
  flagged: number;
  cards: number;
}

/** Who the activity log names when a law change touches the register. */
export const LAW_CHANGE_ACTOR = 'Lagändring';

interface Touched {
  id: string;
  anchor: string | null;
  title: string;
  status: RequirementStatus;
  review_flag: RequirementReviewFlag | null;
}

interface Applied {
  workspaceId: string;
  workspaceChangeId: string;
  requirementIds: string[];
  card: Card | null;
}

/**
 * Applies a law change to every workspace whose active list entries contain
 * the statute, in one transaction:
 *
 * - a `workspace_changes` record per workspace (the change feed), also when
 *   nothing was flagged (an editorial change is recorded, flags nothing);
 * - every assessed requirement the change touches gets the review flag
 *   "Behöver omprövas" with the change attached (its status stays): an
 *   anchored requirement whose section is among the change's non-editorial
 *   or renumbered sections (new or old anchor); one on the law as a whole
 *   for any substantive change; every requirement when the change is
 *   substantive but names no sections, or the law is repealed. Version + 1,
 *   an activity entry by "Lagändring";
 * - for a substantive change that flagged requirements, a card in the
 *   board's first column;
 * - `requirements.flagged` in the outbox when requirements were flagged or a
 *   card was created.
 *
 * One row per event in law_change_applications (plus the unique keys of
 * workspace_changes) makes a redelivered event a no-op. Real-time events and
 * the outbox relay go after the commit.
 */
@Injectable()
export class LawChangesService {
  private readonly logger = new Logger(LawChangesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
    private readonly readModel: RegisterReadModel,
    private readonly board: BoardService,
    private readonly outbox: OutboxRelay,
    private readonly changes: WorkspaceChangesReader,
  ) {}

  async apply(change: LawChangeEvent): Promise<LawChangeOutcome> {
    const applied = await this.dataSource.transaction(async (m) => {
      const claimed: unknown[] = await m.query(
        `INSERT INTO compliance.law_change_applications (event_id, sfs, reopened) VALUES ($1, $2, 0) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [change.eventId, change.sfs],
      );
      if (claimed.length === 0) return null;
      const workspaces: Array<{ workspace_id: string; list_ids: string[] }> = await m.query(
        `SELECT i.workspace_id, array_agg(DISTINCT i.list_id) AS list_ids
           FROM compliance.law_list_items i
          WHERE i.kind = 'SFS' AND i.ref = $1 AND i.status = 'active'
          GROUP BY i.workspace_id
          ORDER BY i.workspace_id`,
        [change.sfs],
      );
      const out: Applied[] = [];
      for (const ws of workspaces) {
        const one = await this.applyToWorkspace(m, change, ws.workspace_id, ws.list_ids);
        if (one) out.push(one);
      }
      const flagged = out.reduce((n, a) => n + a.requirementIds.length, 0);
      await m.query(`UPDATE compliance.law_change_applications SET reopened = $2 WHERE event_id = $1`, [change.eventId, flagged]);
      return out;
    });
    if (applied === null) return { alreadyApplied: true, workspaces: 0, flagged: 0, cards: 0 };

    // After commit: the outbox relay, then every open register and board.
    if (applied.some((a) => a.requirementIds.length > 0 || a.card)) this.outbox.kick();
    const m = this.dataSource.manager;
    for (const a of applied) {
      for (const id of a.requirementIds) {
        const dto = await this.readModel.requirement(m, a.workspaceId, id);
        if (dto) await this.realtime.publish({ type: 'requirement.updated', workspaceId: a.workspaceId, actorId: null, data: RegisterReadModel.publicRequirement(dto) });
      }
      if (a.card) await this.board.publishSystemCard(a.card, a.workspaceId);
      const record = await this.changes.one(m, a.workspaceId, a.workspaceChangeId);
      if (record) await this.realtime.publish({ type: 'change.received', workspaceId: a.workspaceId, actorId: null, data: record });
    }
    const outcome = {
      alreadyApplied: false,
      workspaces: applied.length,
      flagged: applied.reduce((n, a) => n + a.requirementIds.length, 0),
      cards: applied.filter((a) => a.card).length,
    };
    this.logger.log(`${change.eventId}: ${change.sfs} recorded in ${outcome.workspaces} workspace(s), ${outcome.flagged} requirement(s) flagged, ${outcome.cards} card(s)`);
    return outcome;
  }

  private async applyToWorkspace(m: EntityManager, change: LawChangeEvent, workspaceId: string, listIds: string[]): Promise<Applied | null> {
    const inserted: Array<{ id: string; received_at: Date }> = await m.query(
      `INSERT INTO compliance.workspace_changes
         (workspace_id, event_id, change_id, sfs, title, kind, amending_sfs, in_force, substantive, sections, list_ids, flagged_requirement_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::uuid[], '{}')
       ON CONFLICT DO NOTHING
       RETURNING id, received_at`,
      [workspaceId, change.eventId, change.changeId, change.sfs, change.title, change.kind, change.amendingSfs, change.inForce, change.substantive, JSON.stringify(change.sections), listIds],
    );
    const record = inserted[0];
    // The same change under another event id: this workspace has it already.
    if (!record) return null;
    const system = { workspaceId, userId: null, actorName: LAW_CHANGE_ACTOR };
    const cause = causeText(change);

    const touched = await this.touchedRequirements(m, change, workspaceId);
    for (const r of touched) {
      const flag: RequirementReviewFlag = {
        workspaceChangeId: record.id,
        changeId: change.changeId,
        sfs: change.sfs,
        amendingSfs: change.amendingSfs,
        kind: change.kind,
        inForce: change.inForce,
        sections: r.anchor ? sectionsFor(change.sections, r.anchor).map(sectionText) : change.kind === 'repealed' ? [] : relevantSections(change.sections).map(sectionText),
        at: record.received_at.toISOString(),
      };
      await m.query(`UPDATE compliance.requirements SET review_flag = $2::jsonb, version = version + 1, updated_at = now() WHERE id = $1`, [r.id, JSON.stringify(flag)]);
      const where = r.anchor ? `${sectionLabel(r.anchor) ?? r.anchor} ` : '';
      await this.activity.record(m, system, {
        entityType: 'requirement',
        entityId: r.id,
        action: 'flagged',
        changes: [{ field: 'reviewFlag', from: r.review_flag ? REVIEW_FLAG_LABEL : null, to: REVIEW_FLAG_LABEL }],
        summary: `${r.title}: ${where}i ${change.sfs} ${change.kind === 'repealed' ? 'upphävd' : 'ändrad'} (${cause}); ${REQUIREMENT_STATUS_LABELS[r.status]} behöver omprövas`,
      });
    }
    const requirementIds = touched.map((r) => r.id);

    let card: Card | null = null;
    if (change.substantive && touched.length > 0) {
      card = await this.board.createSystemCard(
        m,
        workspaceId,
        {
          title: cardTitle(change),
          description: cardDescription(change, touched, workspaceId),
          lawRef: change.sfs,
          // A card links one requirement; with several, the description lists them all.
          requirementId: touched.length === 1 ? (touched[0] as Touched).id : null,
          labels: ['Lagändring'],
        },
        LAW_CHANGE_ACTOR,
      );
    }

    await m.query(`UPDATE compliance.workspace_changes SET flagged_requirement_ids = $2::uuid[], card_id = $3 WHERE id = $1`, [record.id, requirementIds, card?.id ?? null]);
    const what = change.kind === 'repealed' ? cause : sectionsText(relevantSections(change.sections)) || cause;
    await this.activity.record(m, system, {
      entityType: 'change',
      entityId: record.id,
      action: 'received',
      changes: [
        { field: 'flaggedRequirements', from: null, to: requirementIds.length },
        ...(card ? [{ field: 'cardId', from: null, to: card.id }] : []),
      ],
      summary: `${lawName(change.title, change.sfs)} – ${what}${change.substantive ? '' : ' (redaktionell ändring)'}`,
    });

    if (touched.length > 0 || card) {
      await enqueueEvent(
        m,
        'requirements.flagged',
        {
          workspaceId,
          workspaceChangeId: record.id,
          changeId: change.changeId,
          sfs: change.sfs,
          title: change.title,
          listIds,
          requirements: touched.map((r) => ({ id: r.id, title: r.title, anchor: r.anchor, url: requirementPageUrl(workspaceId, r.id) })),
          cardId: card?.id ?? null,
          substantive: change.substantive,
        },
        `requirements.flagged.${record.id}`,
      );
    }
    return { workspaceId, workspaceChangeId: record.id, requirementIds, card };
  }

  /** The assessed requirements of the workspace's active entries for the statute that the change touches (locked). */
  private async touchedRequirements(m: EntityManager, change: LawChangeEvent, workspaceId: string): Promise<Touched[]> {
    if (!change.substantive) return [];
    const anchors = touchedAnchors(change.sections);
    // Repealed, or substantive without a word on where: the whole law.
    const all = change.kind === 'repealed' || anchors.length === 0;
    return m.query(
      `SELECT r.id, r.anchor, r.title, r.status, r.review_flag
         FROM compliance.requirements r
         JOIN compliance.law_list_items i ON i.id = r.item_id
        WHERE r.workspace_id = $1 AND i.kind = 'SFS' AND i.ref = $2 AND i.status = 'active' AND r.status IS NOT NULL
          AND ($3::boolean OR r.anchor IS NULL OR r.anchor = ANY($4::text[]))
        ORDER BY r.list_id, r.position, r.id
          FOR UPDATE OF r`,
      [workspaceId, change.sfs, all, anchors],
    );
  }
}
