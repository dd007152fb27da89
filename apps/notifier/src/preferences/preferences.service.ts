import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  refuse,
  succeed,
  type DigestFrequency,
  type MethodOutput,
  type MethodParsedInput,
  type NotificationPreferences,
  type OperationResult,
} from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { verifyUnsubscribeToken } from './unsubscribe-token';

export const DEFAULT_FREQUENCY: DigestFrequency = 'daily';
export const INVALID_UNSUBSCRIBE_MESSAGE = 'Länken för att avsluta prenumerationen är ogiltig. Ändra dina inställningar för aviseringar i Laglig i stället.';

/** One user's preferences, ready for lookups. */
export class ResolvedPreferences {
  constructor(
    readonly defaultFrequency: DigestFrequency,
    private readonly lists: ReadonlyMap<string, DigestFrequency>,
    private readonly critical: ReadonlySet<string>,
  ) {}

  static defaults(): ResolvedPreferences {
    return new ResolvedPreferences(DEFAULT_FREQUENCY, new Map(), new Set());
  }

  /** The list's own setting, else the user's default. */
  frequency(workspaceId: string, listId: string): DigestFrequency {
    return this.lists.get(`${workspaceId}/${listId}`) ?? this.defaultFrequency;
  }

  isCritical(sfs: string): boolean {
    return this.critical.has(sfs);
  }
}

interface PreferencesRow {
  user_id: string;
  default_frequency: DigestFrequency;
  critical_sfs: string[];
}

interface ListRow {
  user_id: string;
  workspace_id: string;
  list_id: string;
  frequency: DigestFrequency;
}

/**
 * Notification preferences: a default frequency per user (daily when the user
 * has never chosen), a frequency per (user, workspace, list), and the statutes
 * the user marked critical. Reads return the defaults for an unknown user;
 * writes are upserts.
 */
@Injectable()
export class PreferencesService {
  private readonly logger = createLogger('notifier').child({ component: 'preferences' });

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async get(userId: string, m: EntityManager = this.dataSource.manager): Promise<NotificationPreferences> {
    const [row]: PreferencesRow[] = await m.query(`SELECT user_id, default_frequency, critical_sfs FROM notifier.notification_preferences WHERE user_id = $1`, [userId]);
    const lists: ListRow[] = await m.query(
      `SELECT user_id, workspace_id, list_id, frequency FROM notifier.list_notification_preferences WHERE user_id = $1 ORDER BY workspace_id, list_id`,
      [userId],
    );
    return {
      userId,
      defaultFrequency: row?.default_frequency ?? DEFAULT_FREQUENCY,
      lists: lists.map((l) => ({ workspaceId: l.workspace_id, listId: l.list_id, frequency: l.frequency })),
      criticalSfs: row?.critical_sfs ?? [],
    };
  }

  async set(input: MethodParsedInput<'notifier', 'preferences.set'>): Promise<NotificationPreferences> {
    return this.dataSource.transaction(async (m) => {
      if (input.defaultFrequency !== undefined || input.criticalSfs !== undefined) {
        const critical = input.criticalSfs === undefined ? null : [...new Set(input.criticalSfs)].sort();
        await m.query(
          `INSERT INTO notifier.notification_preferences (user_id, default_frequency, critical_sfs)
           VALUES ($1, COALESCE($2, '${DEFAULT_FREQUENCY}'), COALESCE($3::jsonb, '[]'::jsonb))
           ON CONFLICT (user_id) DO UPDATE
             SET default_frequency = COALESCE($2, notification_preferences.default_frequency),
                 critical_sfs = COALESCE($3::jsonb, notification_preferences.critical_sfs),
                 updated_at = now()`,
          [input.userId, input.defaultFrequency ?? null, critical === null ? null : JSON.stringify(critical)],
        );
      }
      for (const list of input.lists ?? []) {
        if (list.frequency === null) {
          await m.query(`DELETE FROM notifier.list_notification_preferences WHERE user_id = $1 AND workspace_id = $2 AND list_id = $3`, [
            input.userId,
            list.workspaceId,
            list.listId,
          ]);
        } else {
          await this.upsertList(m, input.userId, list.workspaceId, list.listId, list.frequency);
        }
      }
      return this.get(input.userId, m);
    });
  }

  /** Preferences of many users at once (digests); users without rows get the defaults. */
  async resolveMany(userIds: readonly string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, ResolvedPreferences>> {
    const result = new Map<string, ResolvedPreferences>();
    if (userIds.length === 0) return result;
    const rows: PreferencesRow[] = await m.query(
      `SELECT user_id, default_frequency, critical_sfs FROM notifier.notification_preferences WHERE user_id = ANY ($1::uuid[])`,
      [userIds],
    );
    const lists: ListRow[] = await m.query(
      `SELECT user_id, workspace_id, list_id, frequency FROM notifier.list_notification_preferences WHERE user_id = ANY ($1::uuid[])`,
      [userIds],
    );
    const byUser = new Map<string, Map<string, DigestFrequency>>();
    for (const l of lists) {
      const map = byUser.get(l.user_id) ?? new Map<string, DigestFrequency>();
      map.set(`${l.workspace_id}/${l.list_id}`, l.frequency);
      byUser.set(l.user_id, map);
    }
    const prefs = new Map(rows.map((r) => [r.user_id, r]));
    for (const userId of userIds) {
      const row = prefs.get(userId);
      result.set(userId, new ResolvedPreferences(row?.default_frequency ?? DEFAULT_FREQUENCY, byUser.get(userId) ?? new Map(), new Set(row?.critical_sfs ?? [])));
    }
    return result;
  }

  /**
   * One-click unsubscribe: a valid token turns its list (or every list and the
   * default) off. Idempotent; an invalid or tampered token is INVALID_INPUT.
   */
  async unsubscribe(token: string): Promise<OperationResult<MethodOutput<'notifier', 'unsubscribe'>>> {
    const claims = verifyUnsubscribeToken(this.config.unsubscribeSecret, token);
    if (!claims) {
      this.logger.warn('unsubscribe refused: invalid token');
      return refuse(ErrorCode.INVALID_INPUT, INVALID_UNSUBSCRIBE_MESSAGE);
    }
    const { userId, scope } = claims;
    await this.dataSource.transaction(async (m) => {
      if (scope.kind === 'list') {
        await this.upsertList(m, userId, scope.workspaceId, scope.listId, 'off');
        return;
      }
      await m.query(
        `INSERT INTO notifier.notification_preferences (user_id, default_frequency, critical_sfs) VALUES ($1, 'off', '[]'::jsonb)
         ON CONFLICT (user_id) DO UPDATE SET default_frequency = 'off', updated_at = now()`,
        [userId],
      );
      await m.query(`UPDATE notifier.list_notification_preferences SET frequency = 'off', updated_at = now() WHERE user_id = $1 AND frequency <> 'off'`, [userId]);
    });
    this.logger.info({ userId, scope: scope.kind }, 'unsubscribed');
    return succeed(
      scope.kind === 'list'
        ? { scope: 'list' as const, description: scope.listName ? `Laglista ${scope.listName}` : 'laglistan' }
        : { scope: 'all' as const, description: 'alla laglistor' },
    );
  }

  private async upsertList(m: EntityManager, userId: string, workspaceId: string, listId: string, frequency: DigestFrequency): Promise<void> {
    await m.query(
      `INSERT INTO notifier.list_notification_preferences (user_id, workspace_id, list_id, frequency) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, workspace_id, list_id) DO UPDATE SET frequency = EXCLUDED.frequency, updated_at = now()`,
      [userId, workspaceId, listId, frequency],
    );
  }
}
