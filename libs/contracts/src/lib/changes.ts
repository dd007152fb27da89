import { z } from 'zod';
import { method } from './method';
import { SfsNumberSchema } from './sfs';
import { ActorSchema, CursorPageInput } from './compliance';

/*
 * Law change monitoring (issue 5): law-catalog detects changes and records a
 * change event per new version; compliance-workflow applies them to the
 * workspaces' registers; the notifier mails them (immediately or in digests).
 */

const Uuid = z.string().uuid();
const Timestamp = z.string(); // ISO 8601 with time zone
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ange datum som ÅÅÅÅ-MM-DD');

/* ------------------------------------------------------------ law-catalog */

export const SectionChangeKindSchema = z.enum(['added', 'modified', 'repealed', 'renumbered']);
export type SectionChangeKind = z.infer<typeof SectionChangeKindSchema>;

/** Swedish labels, as the register notes write them (ny / ändr. / upph. / betecknas). */
export const SECTION_CHANGE_LABELS: Record<SectionChangeKind, string> = {
  added: 'Ny',
  modified: 'Ändrad',
  repealed: 'Upphävd',
  renumbered: 'Ny beteckning',
};

/** One section of a change event. */
export const SectionChangeSchema = z.object({
  /** Anchor in the new version (the old one for a repealed section). */
  anchor: z.string(),
  /** "3 kap. 2 a §". */
  label: z.string(),
  kind: SectionChangeKindSchema,
  /** For renumbered sections: the anchor in the old version. */
  fromAnchor: z.string().nullable(),
  /** Only whitespace, punctuation, dashes or renumbered cross-references differ. */
  editorial: z.boolean(),
  /** One plain-language Swedish line of what changed, built from the diff. */
  summary: z.string(),
});
export type SectionChange = z.infer<typeof SectionChangeSchema>;

export const LawChangeKindSchema = z.enum(['new', 'amended', 'repealed']);
export type LawChangeKind = z.infer<typeof LawChangeKindSchema>;
export const LAW_CHANGE_KIND_LABELS: Record<LawChangeKind, string> = {
  new: 'Ny författning',
  amended: 'Ändrad',
  repealed: 'Upphävd',
};

/** A change event: one statute moved from one version to the next. */
export const LawChangeSchema = z.object({
  id: Uuid,
  sfs: z.string(),
  title: z.string(),
  kind: LawChangeKindSchema,
  fromVersionId: Uuid.nullable(),
  toVersionId: Uuid,
  /** The amending act ("2025:406"), when the source names it. */
  amendingSfs: z.string().nullable(),
  /** Ikraftträdande of the amending act (YYYY-MM-DD), when known. */
  inForce: z.string().nullable(),
  /** Anything beyond editorial differences. */
  substantive: z.boolean(),
  sections: z.array(SectionChangeSchema),
  detectedAt: Timestamp,
  /** /lagar/<sfs>/andringar/<id> (the diff page). */
  url: z.string(),
});
export type LawChange = z.infer<typeof LawChangeSchema>;

export const LawVersionSchema = z.object({
  id: Uuid,
  contentHash: z.string(),
  amendedThrough: z.string().nullable(),
  createdAt: Timestamp,
  sectionCount: z.number().int(),
  current: z.boolean(),
});
export type LawVersion = z.infer<typeof LawVersionSchema>;

export const LawVersionsSchema = z.object({ sfs: z.string(), title: z.string(), items: z.array(LawVersionSchema) });
export type LawVersions = z.infer<typeof LawVersionsSchema>;

/** A word-level diff of one section: equal / inserted / deleted runs, in order. */
export const DiffPartSchema = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type DiffPart = z.infer<typeof DiffPartSchema>;

export const SectionDiffSchema = SectionChangeSchema.extend({
  /** Heading of the section in the new version (old one when repealed). */
  heading: z.string().nullable(),
  parts: z.array(DiffPartSchema),
});
export type SectionDiff = z.infer<typeof SectionDiffSchema>;

export const LawDiffInputSchema = z
  .object({
    sfs: SfsNumberSchema,
    /** Version ids; `from` older than `to` is not required (the diff is directional). */
    from: Uuid,
    to: Uuid,
  })
  .strict();

export const LawDiffSchema = z.object({
  sfs: z.string(),
  title: z.string(),
  from: LawVersionSchema,
  to: LawVersionSchema,
  substantive: z.boolean(),
  /** Only the sections that differ, in the order of the new version. */
  sections: z.array(SectionDiffSchema),
});
export type LawDiff = z.infer<typeof LawDiffSchema>;

export const ChangesListInputSchema = z
  .object({
    /** Only these statutes (a law list); absent = all. */
    sfs: z.array(SfsNumberSchema).max(5000).optional(),
    /** detectedAt >= since. */
    since: z.string().datetime({ offset: true }).optional(),
    until: z.string().datetime({ offset: true }).optional(),
    substantive: z.boolean().optional(),
    kind: LawChangeKindSchema.optional(),
    cursor: z.string().max(200).nullable().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ChangesPageSchema = z.object({ items: z.array(LawChangeSchema), nextCursor: z.string().nullable() });
export type ChangesPage = z.infer<typeof ChangesPageSchema>;

export const ChangeGetInputSchema = z.object({ id: Uuid }).strict();

export const SyncModeSchema = z.enum(['incremental', 'full']);
export type SyncMode = z.infer<typeof SyncModeSchema>;

export const SyncRunSchema = z.object({
  id: Uuid,
  mode: SyncModeSchema,
  /** queued → listing → fetching → succeeded | completed_with_errors | failed */
  status: z.enum(['queued', 'listing', 'fetching', 'succeeded', 'completed_with_errors', 'failed']),
  trigger: z.enum(['schedule', 'manual', 'cli']),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  /** systemdatum high-water mark the next incremental run starts from. */
  cursor: z.string().nullable(),
  listed: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  /** First failures: dok_id and the reason. */
  errors: z.array(z.object({ dokId: z.string(), message: z.string() })),
});
export type SyncRun = z.infer<typeof SyncRunSchema>;

export const SyncStartInputSchema = z.object({ mode: SyncModeSchema.default('incremental') }).strict();
export const SyncStatusInputSchema = z.object({ id: Uuid.optional() }).strict();

export const lawChangeMethods = {
  'laws.versions': method(z.object({ sfs: SfsNumberSchema }).strict(), LawVersionsSchema),
  'laws.diff': method(LawDiffInputSchema, LawDiffSchema),
  'changes.list': method(ChangesListInputSchema, ChangesPageSchema),
  'changes.get': method(ChangeGetInputSchema, LawChangeSchema),
  /** Starts a sync (or returns the run in progress); the run id is the job id. */
  'sync.start': method(SyncStartInputSchema, SyncRunSchema),
  /** A run by id, or the latest run (NOT_FOUND when there is none). */
  'sync.status': method(SyncStatusInputSchema, SyncRunSchema),
} as const;

/* ---------------------------------------------------- compliance-workflow */

/** One workspace's view of a law change: which lists it touches, what it re-opened, who acknowledged it. */
export const WorkspaceChangeSchema = z.object({
  /** Id of this workspace's record. */
  id: Uuid,
  workspaceId: Uuid,
  /** The law-catalog change event (LawChange.id), when the event carried one. */
  changeId: Uuid.nullable(),
  sfs: z.string(),
  title: z.string(),
  kind: LawChangeKindSchema,
  amendingSfs: z.string().nullable(),
  inForce: z.string().nullable(),
  substantive: z.boolean(),
  sections: z.array(SectionChangeSchema),
  lists: z.array(z.object({ id: Uuid, name: z.string() })),
  /** Requirements flagged "Behöver omprövas" by this change. */
  flaggedRequirements: z.array(z.object({ id: Uuid, title: z.string(), anchor: z.string().nullable(), url: z.string() })),
  /** The board card created for this change (null when none). */
  cardId: Uuid.nullable(),
  receivedAt: Timestamp,
  acknowledgedAt: Timestamp.nullable(),
  acknowledgedBy: z.object({ id: Uuid, name: z.string() }).nullable(),
  acknowledgeComment: z.string().nullable(),
  /** /lagar/<sfs>/andringar/<changeId> when there is a change id. */
  diffUrl: z.string().nullable(),
});
export type WorkspaceChange = z.infer<typeof WorkspaceChangeSchema>;

export const WorkspaceChangeFilterSchema = z
  .object({
    listId: Uuid.optional(),
    sfs: SfsNumberSchema.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    substantive: z.boolean().optional(),
    acknowledged: z.boolean().optional(),
  })
  .strict();

export const SubscriberSchema = z.object({
  userId: Uuid,
  email: z.string(),
  displayName: z.string(),
  workspaceId: Uuid,
  workspaceName: z.string(),
  /** The user's lists in that workspace that contain any of the asked statutes, with those statutes. */
  lists: z.array(z.object({ listId: Uuid, listName: z.string(), sfs: z.array(z.string()) })),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

export const SubscribersForLawsInputSchema = z.object({ sfs: z.array(SfsNumberSchema).min(1).max(5000) }).strict();
export const SubscribersSchema = z.object({ items: z.array(SubscriberSchema) });

const scoped = <T extends z.ZodRawShape>(shape: T) => z.object({ actor: ActorSchema, workspaceId: Uuid, ...shape }).strict();

export const complianceChangeMethods = {
  /** The workspace's change feed (newest first); every member may read it. */
  'changes.feed': method(
    scoped({ filter: WorkspaceChangeFilterSchema.default({}), ...CursorPageInput }),
    z.object({ items: z.array(WorkspaceChangeSchema), nextCursor: z.string().nullable() }),
  ),
  /** Kvittera: recorded in the activity log; MEMBER and above. Acknowledging twice is CONFLICT. */
  'changes.acknowledge': method(
    scoped({ workspaceChangeId: Uuid, comment: z.string().trim().max(2000).nullable().default(null) }),
    WorkspaceChangeSchema,
  ),
  /** Who must hear about which statutes (internal: the notifier's digests). Verified users only. */
  'subscribers.forLaws': method(SubscribersForLawsInputSchema, SubscribersSchema),
} as const;

/** Emitted by compliance-workflow after it applied a law change to a workspace. */
export const RequirementsFlaggedPayloadSchema = z.object({
  workspaceId: Uuid,
  workspaceChangeId: Uuid,
  changeId: Uuid.nullable(),
  sfs: z.string(),
  title: z.string(),
  listIds: z.array(Uuid),
  requirements: z.array(z.object({ id: Uuid, title: z.string(), anchor: z.string().nullable(), url: z.string() })),
  cardId: Uuid.nullable(),
  substantive: z.boolean(),
});

/* --------------------------------------------------------------- notifier */

export const DIGEST_FREQUENCIES = ['immediate', 'daily', 'weekly', 'off'] as const;
export const DigestFrequencySchema = z.enum(DIGEST_FREQUENCIES);
export type DigestFrequency = z.infer<typeof DigestFrequencySchema>;
export const DIGEST_FREQUENCY_LABELS: Record<DigestFrequency, string> = {
  immediate: 'Direkt vid varje ändring',
  daily: 'Dagligt sammandrag (kl. 08.00)',
  weekly: 'Veckosammandrag (måndagar kl. 08.00)',
  off: 'Inga e-postmeddelanden',
};

export const NotificationPreferencesSchema = z.object({
  userId: Uuid,
  /** For lists without their own setting. */
  defaultFrequency: DigestFrequencySchema,
  lists: z.array(z.object({ workspaceId: Uuid, listId: Uuid, frequency: DigestFrequencySchema })),
  /** Statutes the user marked critical: a change to them is mailed at once, whatever the frequency (unless off). */
  criticalSfs: z.array(z.string()),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const PreferencesSetInputSchema = z
  .object({
    userId: Uuid,
    defaultFrequency: DigestFrequencySchema.optional(),
    /** Per-list settings to upsert; frequency null removes the list's own setting. */
    lists: z.array(z.object({ workspaceId: Uuid, listId: Uuid, frequency: DigestFrequencySchema.nullable() }).strict()).max(500).optional(),
    criticalSfs: z.array(SfsNumberSchema).max(1000).optional(),
  })
  .strict();

export const UnsubscribeInputSchema = z.object({ token: z.string().min(20).max(1000) }).strict();
export const UnsubscribeResultSchema = z.object({
  scope: z.enum(['list', 'all']),
  /** What is now off, in Swedish ("Laglista Arbetsmiljö", "alla laglistor"). */
  description: z.string(),
});

export const DIGEST_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

/** One digest pass (the 08:00 schedule or `digests.start`) and what it did. */
export const DigestRunSchema = z.object({
  id: Uuid,
  trigger: z.enum(['schedule', 'manual']),
  /**
   * queued → running → completed | failed. A failed attempt that will be
   * retried goes back to queued with `error` set; failed is final.
   */
  status: z.enum(DIGEST_RUN_STATUSES),
  /** The instant the pass runs as of. */
  at: Timestamp,
  /** The calendar date of `at` in DIGEST_TZ (YYYY-MM-DD): the day a user gets at most one digest for. */
  period: IsoDate,
  queuedAt: Timestamp,
  /** When the first attempt began; null while queued. */
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  attempts: z.number().int(),
  /** Users with a list that contains a changed statute (0 until completed). */
  users: z.number().int(),
  /** Digests stored for sending (0 until completed). */
  sent: z.number().int(),
  /** Users with nothing new for them, or already digested this period (0 until completed). */
  skipped: z.number().int(),
  /** The last attempt's failure, in Swedish; null when none failed. */
  error: z.string().nullable(),
});
export type DigestRun = z.infer<typeof DigestRunSchema>;

export const DigestStartInputSchema = z.object({ at: z.string().datetime({ offset: true }).optional() }).strict();
export const DigestStatusInputSchema = z.object({ id: Uuid.optional() }).strict();
export const DigestListInputSchema = z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict();

export const notifierMethods = {
  'preferences.get': method(z.object({ userId: Uuid }).strict(), NotificationPreferencesSchema),
  'preferences.set': method(PreferencesSetInputSchema, NotificationPreferencesSchema),
  /** One-click unsubscribe with a signed token from a mail (idempotent). */
  unsubscribe: method(UnsubscribeInputSchema, UnsubscribeResultSchema),
  /**
   * Starts a digest pass as of `at` (default: now) and answers at once with the
   * queued run; the pass runs as a job on the notifier's digest queue, the same
   * code as the 08:00 Europe/Stockholm schedule. Idempotent per user and digest
   * period: a second run the same day mails nobody twice (admin and tests).
   */
  'digests.start': method(DigestStartInputSchema, DigestRunSchema),
  /** A digest run by id (scheduled or manual), or the latest one; NOT_FOUND when there is none. */
  'digests.status': method(DigestStatusInputSchema, DigestRunSchema),
  /** The most recent digest runs, newest first. */
  'digests.list': method(DigestListInputSchema, z.object({ items: z.array(DigestRunSchema) })),
} as const;
