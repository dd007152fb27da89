import { z } from 'zod';
import { method } from './method';
import { SFS_PATTERN } from './sfs';

/*
 * compliance-workflow: accounts, workspaces (tenants), the legal register
 * (laglistor, kravpunkter, evidence) and the Kanban board.
 *
 * Every workspace method takes the caller (`actor`, from the verified access
 * token at the gateway) and the workspace it names. The service checks, in
 * this order: the workspace exists (NOT_FOUND), the caller is a member with a
 * role that allows the action (FORBIDDEN), the resource exists in that
 * workspace (NOT_FOUND). A resource of another workspace is "not found".
 */

/* ------------------------------------------------------------ shared parts */

export const WORKSPACE_ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'AUDITOR'] as const;
export const WorkspaceRoleSchema = z.enum(WORKSPACE_ROLES);
export type WorkspaceRole = z.infer<typeof WorkspaceRoleSchema>;

/** Swedish labels for the roles, as the dashboard shows them. */
export const WORKSPACE_ROLE_LABELS: Record<WorkspaceRole, string> = {
  OWNER: 'Ägare',
  ADMIN: 'Administratör',
  MEMBER: 'Medlem',
  AUDITOR: 'Revisor (läsbehörighet)',
};

/** The caller, as the gateway verified it from the access token. */
export const ActorSchema = z.object({ userId: z.string().uuid() }).strict();
export type Actor = z.infer<typeof ActorSchema>;

const Uuid = z.string().uuid();
/** ISO date (YYYY-MM-DD), e.g. a review or due date. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ange datum som ÅÅÅÅ-MM-DD');
const Timestamp = z.string(); // ISO 8601 with time zone

const scoped = <T extends z.ZodRawShape>(shape: T) => z.object({ actor: ActorSchema, workspaceId: Uuid, ...shape }).strict();

export const CursorPageInput = {
  cursor: z.string().max(200).nullable().optional(),
  limit: z.number().int().min(1).max(500).default(100),
};

/* ---------------------------------------------------------------- accounts */

export const JWT_ISSUER = 'laglig';
export const JWT_AUDIENCE = 'laglig-api';
/** The only algorithm access tokens are signed and verified with. */
export const JWT_ALGORITHM = 'HS256';

export const EmailSchema = z.string().trim().toLowerCase().max(254).email('Ange en giltig e-postadress');
/** NIST 800-63B: length over composition rules; long passphrases allowed. */
export const PasswordSchema = z.string().min(10, 'Lösenordet måste ha minst 10 tecken').max(256, 'Lösenordet får ha högst 256 tecken');
export const DisplayNameSchema = z.string().trim().min(1, 'Ange ditt namn').max(100);

/** Request context the gateway adds to login-like calls (never logged verbatim). */
const ClientInfo = { userAgent: z.string().max(500).optional(), ip: z.string().max(100).optional() };

export const RegisterInputSchema = z.object({ email: EmailSchema, password: PasswordSchema, displayName: DisplayNameSchema, ...ClientInfo }).strict();
export const LoginInputSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(256), ...ClientInfo }).strict();
export const RefreshInputSchema = z.object({ refreshToken: z.string().min(20).max(200), ...ClientInfo }).strict();

export const UserWorkspaceSchema = z.object({ id: Uuid, name: z.string(), role: WorkspaceRoleSchema });
export const UserProfileSchema = z.object({
  id: Uuid,
  email: z.string(),
  displayName: z.string(),
  emailVerified: z.boolean(),
  workspaces: z.array(UserWorkspaceSchema),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

export const TokenPairSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: Timestamp,
  refreshToken: z.string(),
  refreshTokenExpiresAt: Timestamp,
  user: UserProfileSchema,
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

/** The access token's claims (HS256, iss JWT_ISSUER, aud JWT_AUDIENCE). */
export const AccessTokenClaimsSchema = z.object({ sub: Uuid, typ: z.literal('access'), iat: z.number(), exp: z.number() });

const Accepted = z.object({ accepted: z.literal(true) });

/* -------------------------------------------------------------- workspaces */

export const WorkspaceNameSchema = z.string().trim().min(1, 'Ange ett namn').max(120);
export const WorkspaceSchema = z.object({ id: Uuid, name: z.string(), role: WorkspaceRoleSchema, createdAt: Timestamp });
export type Workspace = z.infer<typeof WorkspaceSchema>;

export const MemberSchema = z.object({
  userId: Uuid,
  email: z.string(),
  displayName: z.string(),
  role: WorkspaceRoleSchema,
  joinedAt: Timestamp,
});
export type Member = z.infer<typeof MemberSchema>;

export const InvitationSchema = z.object({
  id: Uuid,
  email: z.string(),
  role: WorkspaceRoleSchema,
  invitedBy: z.string(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  acceptedAt: Timestamp.nullable(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

/* ------------------------------------------------------- company profile */

/** Organisationsnummer: 10 digits, optional hyphen (NNNNNN-NNNN), Luhn check digit; validated by the service. */
export const OrgNumberSchema = z
  .string()
  .trim()
  .regex(/^(\d{6})-?(\d{4})$/, 'Organisationsnumret ska ha formen NNNNNN-NNNN');

/** SNI 2007 code: 2–5 digits, with or without the dot ("41.200" or "41200"); checked against the bundled list. */
export const SniCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{2}(\.?\d{1,3})?$/, 'SNI-koden ska bestå av 2–5 siffror, t.ex. 41.200');

/** The screening questions (keys are stable; labels are what the user reads). */
export const SCREENING_QUESTIONS = [
  { key: 'chemicals', label: 'Hanterar ni kemiska produkter (t.ex. lösningsmedel, färger, rengöringsmedel i större mängd)?' },
  { key: 'flammables', label: 'Hanterar eller lagrar ni brandfarliga eller explosiva varor (t.ex. gasol, bensin)?' },
  { key: 'dangerousGoods', label: 'Skickar, transporterar eller tar ni emot farligt gods?' },
  { key: 'vehicles', label: 'Använder ni fordon eller truckar i verksamheten?' },
  { key: 'food', label: 'Hanterar, tillagar eller serverar ni livsmedel?' },
  { key: 'personalDataAtScale', label: 'Behandlar ni personuppgifter i stor omfattning (t.ex. kundregister, hälsodata)?' },
  { key: 'construction', label: 'Bygger, river eller renoverar ni byggnader eller anläggningar?' },
  { key: 'environmentalPermit', label: 'Bedriver ni miljöfarlig verksamhet som kräver tillstånd eller anmälan?' },
  { key: 'waste', label: 'Ger verksamheten upphov till farligt avfall?' },
  { key: 'consumerSales', label: 'Säljer ni varor eller tjänster till konsumenter?' },
  { key: 'publicProcurement', label: 'Är ni en upphandlande myndighet eller enhet (offentlig sektor)?' },
  { key: 'machinery', label: 'Använder ni maskiner, tryckkärl eller arbete på höjd (stegar, ställningar)?' },
] as const;
export type ScreeningKey = (typeof SCREENING_QUESTIONS)[number]['key'];
export const ScreeningSchema = z
  .object(Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q.key, z.boolean().default(false)])) as Record<ScreeningKey, z.ZodDefault<z.ZodBoolean>>)
  .strict();
export type Screening = z.infer<typeof ScreeningSchema>;

export const CompanyProfileSchema = z.object({
  name: z.string().trim().min(1, 'Ange företagets namn').max(200),
  orgNumber: OrgNumberSchema,
  sniCodes: z.array(SniCodeSchema).min(1, 'Ange minst en SNI-kod').max(20),
  employees: z.number().int().min(0).max(1_000_000),
  screening: ScreeningSchema,
});
export type CompanyProfileInput = z.input<typeof CompanyProfileSchema>;
/** As stored: org number normalised to NNNNNN-NNNN, SNI codes to 5 digits' dotted form ("41.200"), with titles. */
export const CompanyProfileViewSchema = z.object({
  name: z.string(),
  orgNumber: z.string(),
  sniCodes: z.array(z.object({ code: z.string(), title: z.string() })),
  employees: z.number().int(),
  screening: z.record(z.string(), z.boolean()),
  updatedAt: Timestamp,
});
export type CompanyProfile = z.infer<typeof CompanyProfileViewSchema>;

export const SniEntrySchema = z.object({ code: z.string(), title: z.string(), level: z.number().int() });
export type SniEntry = z.infer<typeof SniEntrySchema>;

/* --------------------------------------------------------------- law lists */

/** A register entry is a statute (SFS) or an agency regulation (e.g. AFS 2023:1). */
export const LawKindSchema = z.enum(['SFS', 'AFS']);
/** "1977:1160" for SFS, "AFS 2023:1" for an agency regulation. */
export const LawRefSchema = z.string().trim().regex(/^(\d{4}:\d{1,4}|AFS \d{4}:\d{1,3})$/, 'Ange SFS-nummer (t.ex. 1977:1160) eller AFS-beteckning (t.ex. AFS 2023:1)');

export const RequirementStatusSchema = z.enum(['UPPFYLLD', 'DELVIS', 'EJ_UPPFYLLD', 'EJ_TILLAMPLIG']);
export type RequirementStatus = z.infer<typeof RequirementStatusSchema>;
export const REQUIREMENT_STATUS_LABELS: Record<RequirementStatus, string> = {
  UPPFYLLD: 'Uppfylld',
  DELVIS: 'Delvis',
  EJ_UPPFYLLD: 'Ej uppfylld',
  EJ_TILLAMPLIG: 'Ej tillämplig',
};

const StatusCounts = z.object({
  total: z.number().int(),
  UPPFYLLD: z.number().int(),
  DELVIS: z.number().int(),
  EJ_UPPFYLLD: z.number().int(),
  EJ_TILLAMPLIG: z.number().int(),
  unassessed: z.number().int(),
});

export const LawListItemSchema = z.object({
  id: Uuid,
  kind: LawKindSchema,
  ref: z.string(),
  title: z.string(),
  /** Område, e.g. "Arbetsmiljö", "Miljö", "Dataskydd". */
  area: z.string(),
  /** Why the law is on the list ("Alla arbetsgivare: …"); a manual addition's reason. */
  reasons: z.array(z.string()),
  origin: z.enum(['generated', 'manual']),
  status: z.enum(['active', 'removed']),
  removedReason: z.string().nullable(),
  /** Public law page (/lagar/1977:1160) or the agency's page for an AFS. */
  url: z.string(),
  addedAt: Timestamp,
  requirements: StatusCounts,
});
export type LawListItem = z.infer<typeof LawListItemSchema>;

export const LawListSummarySchema = z.object({
  id: Uuid,
  name: z.string(),
  generated: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  itemCount: z.number().int(),
  requirements: StatusCounts,
});
export type LawListSummary = z.infer<typeof LawListSummarySchema>;
export const LawListSchema = LawListSummarySchema.extend({ items: z.array(LawListItemSchema) });
export type LawList = z.infer<typeof LawListSchema>;

/**
 * The statutes a workspace's register holds: the SFS numbers of the active
 * entries of all its lists, each once, in code-unit order (`[...].sort()`).
 * Removed entries and agency regulations (AFS, which the answer index does not
 * hold) are left out. The signed-in chat's "only our law lists" filter.
 */
export const ActiveLawsSchema = z.object({ sfs: z.array(z.string().regex(SFS_PATTERN)) });
export type ActiveLaws = z.infer<typeof ActiveLawsSchema>;

export const ListNameSchema = z.string().trim().min(1, 'Ange ett namn på listan').max(120);
const Reason = z.string().trim().min(3, 'Ange en motivering (minst 3 tecken)').max(1000);

/* ----------------------------------------------------------- requirements */

/** A section anchor of the statute, e.g. "K3P2a" (3 kap. 2 a §) or "P4". */
export const AnchorSchema = z.string().regex(/^(K\d+[a-z]?)?P\d+[a-z]?$/, 'Ogiltigt paragrafankare');

/**
 * "Behöver omprövas": a law change touched the requirement's section (or the
 * law as a whole) after it was assessed. Cleared when someone sets a status again.
 */
export const RequirementReviewFlagSchema = z.object({
  /** The workspace's change record (changes.feed / changes.acknowledge). */
  workspaceChangeId: Uuid,
  /** The law-catalog change event, when the event carried one (/lagar/<sfs>/andringar/<changeId>). */
  changeId: Uuid.nullable(),
  sfs: z.string(),
  /** The amending act ("2026:1001"); null when the source names none. */
  amendingSfs: z.string().nullable(),
  kind: z.enum(['new', 'amended', 'repealed']),
  /** Ikraftträdande (YYYY-MM-DD), when known. */
  inForce: z.string().nullable(),
  /**
   * The changed sections that concern this requirement, as labels ("ändr. 3 kap. 2 a §",
   * "3 kap. 2 a § betecknas 3 kap. 2 b §"); for a requirement on the whole law every
   * relevant section; empty for a repeal.
   */
  sections: z.array(z.string()),
  /** When the change reached the register. */
  at: Timestamp,
});
export type RequirementReviewFlag = z.infer<typeof RequirementReviewFlagSchema>;
export const REVIEW_FLAG_LABEL = 'Behöver omprövas';

export const RequirementSchema = z.object({
  id: Uuid,
  listId: Uuid,
  itemId: Uuid,
  ref: z.string(),
  lawTitle: z.string(),
  area: z.string(),
  anchor: z.string().nullable(),
  /** "3 kap. 2 a §" for the anchor. */
  sectionLabel: z.string().nullable(),
  /** /lagar/1977:1160#K3P2a */
  url: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  origin: z.enum(['suggested', 'manual']),
  status: RequirementStatusSchema.nullable(),
  motivation: z.string().nullable(),
  action: z.string().nullable(),
  responsibleUserId: Uuid.nullable(),
  responsibleName: z.string().nullable(),
  reviewDate: IsoDateSchema.nullable(),
  /** Who last set the status and when (Granskare, Datum). */
  assessedBy: z.string().nullable(),
  assessedAt: Timestamp.nullable(),
  overdue: z.boolean(),
  evidenceCount: z.number().int(),
  /**
   * Set by a law change ("Behöver omprövas"); null otherwise. Defaults to
   * null when parsing a reply without it (a replica from before the field).
   */
  reviewFlag: RequirementReviewFlagSchema.nullable().default(null),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Requirement = z.infer<typeof RequirementSchema>;

export const RequirementPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(5000),
    anchor: AnchorSchema.nullable(),
    status: RequirementStatusSchema.nullable(),
    /** Required (non-empty) when status is EJ_TILLAMPLIG. */
    motivation: z.string().trim().max(5000).nullable(),
    action: z.string().trim().max(5000).nullable(),
    responsibleUserId: Uuid.nullable(),
    reviewDate: IsoDateSchema.nullable(),
  })
  .partial()
  .strict();

export const RequirementFilterSchema = z
  .object({
    listId: Uuid.optional(),
    status: z.union([RequirementStatusSchema, z.literal('UNASSESSED')]).optional(),
    responsibleUserId: Uuid.optional(),
    ref: z.string().max(30).optional(),
    overdue: z.boolean().optional(),
    /** true: only requirements flagged "Behöver omprövas"; false: only unflagged ones. */
    needsReview: z.boolean().optional(),
  })
  .strict();

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MIME_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.ms-excel',
] as const;

/** The evidence type a file name's extension implies (browsers often send no type, or a wrong one for CSV). */
export const EVIDENCE_MIME_BY_EXTENSION: Readonly<Record<string, (typeof EVIDENCE_MIME_TYPES)[number]>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

export const EvidenceSchema = z.object({
  id: Uuid,
  requirementId: Uuid,
  kind: z.enum(['file', 'link']),
  title: z.string(),
  url: z.string().nullable(),
  filename: z.string().nullable(),
  mimeType: z.string().nullable(),
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
  /** Virus-scan hook result; 'unscanned' when no scanner is configured. */
  scanStatus: z.enum(['unscanned', 'clean', 'infected']),
  createdBy: z.string(),
  createdAt: Timestamp,
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const EvidenceLinkSchema = z
  .object({ title: z.string().trim().min(1).max(300), url: z.string().trim().url('Ange en giltig länk').max(2000).refine((u) => /^https?:\/\//i.test(u), 'Länken måste börja med http:// eller https://') })
  .strict();
export const EvidenceFileSchema = z
  .object({
    filename: z.string().trim().min(1).max(255),
    mimeType: z.enum(EVIDENCE_MIME_TYPES, { message: 'Filtypen stöds inte (PDF, bild, text, Word eller Excel)' }),
    /** base64; at most EVIDENCE_MAX_BYTES decoded. */
    contentBase64: z.string().max(Math.ceil(EVIDENCE_MAX_BYTES / 3) * 4 + 4),
    title: z.string().trim().max(300).optional(),
  })
  .strict();

export const FileDownloadSchema = z.object({ filename: z.string(), mimeType: z.string(), contentBase64: z.string() });
export type FileDownload = z.infer<typeof FileDownloadSchema>;

/* ------------------------------------------------------------------- board */

export const BoardColumnSchema = z.object({ id: Uuid, name: z.string(), position: z.string() });
export type BoardColumn = z.infer<typeof BoardColumnSchema>;

export const ChecklistItemSchema = z.object({ id: z.string().min(1).max(50), text: z.string().trim().min(1).max(500), done: z.boolean() });
export const CardLabelSchema = z.string().trim().min(1).max(40);

export const CardSchema = z.object({
  id: Uuid,
  columnId: Uuid,
  /** Fractional index: cards sort by this key (byte order) within a column. */
  position: z.string(),
  title: z.string(),
  description: z.string(),
  lawRef: z.string().nullable(),
  requirementId: Uuid.nullable(),
  assigneeIds: z.array(Uuid),
  dueDate: IsoDateSchema.nullable(),
  labels: z.array(z.string()),
  checklist: z.array(ChecklistItemSchema),
  commentCount: z.number().int(),
  version: z.number().int(),
  /** Null for a card the system created (a law change). */
  createdBy: Uuid.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Card = z.infer<typeof CardSchema>;

export const CardFieldsSchema = z
  .object({
    title: z.string().trim().min(1, 'Ange en rubrik').max(300),
    description: z.string().max(10_000),
    lawRef: LawRefSchema.nullable(),
    requirementId: Uuid.nullable(),
    assigneeIds: z.array(Uuid).max(20),
    dueDate: IsoDateSchema.nullable(),
    labels: z.array(CardLabelSchema).max(20),
    checklist: z.array(ChecklistItemSchema).max(100),
  })
  .partial()
  .strict();

export const CommentSchema = z.object({
  id: Uuid,
  cardId: Uuid,
  authorId: Uuid,
  authorName: z.string(),
  body: z.string(),
  /** Members named with @Namn or @e-post in the body. */
  mentions: z.array(Uuid),
  createdAt: Timestamp,
});
export type Comment = z.infer<typeof CommentSchema>;

export const BoardSchema = z.object({ columns: z.array(BoardColumnSchema), cards: z.array(CardSchema) });
export type Board = z.infer<typeof BoardSchema>;

/* ---------------------------------------------------------------- activity */

export const ActivityEntitySchema = z.enum(['workspace', 'member', 'invitation', 'profile', 'list', 'list_item', 'requirement', 'evidence', 'column', 'card', 'comment', 'change']);
export type ActivityEntity = z.infer<typeof ActivityEntitySchema>;
export const FieldChangeSchema = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });
export type FieldChange = z.infer<typeof FieldChangeSchema>;
export const ActivityEntrySchema = z.object({
  id: z.string(),
  at: Timestamp,
  actorId: Uuid.nullable(),
  actorName: z.string().nullable(),
  entityType: ActivityEntitySchema,
  entityId: z.string(),
  /** created, updated, moved, deleted, removed, added, commented, ... */
  action: z.string(),
  /** Field-level: who changed what, old → new. */
  changes: z.array(FieldChangeSchema),
  /** A short Swedish label of the entity at the time (card title, law ref, ...). */
  summary: z.string().nullable(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

/* ---------------------------------------------------------------- real time */

/**
 * Published by compliance-workflow on the Redis channel
 * `${QUEUE_PREFIX}:realtime:workspace:${workspaceId}` after a change commits;
 * every gateway replica forwards it to that workspace's open event streams.
 */
export const realtimeChannel = (prefix: string, workspaceId: string): string => `${prefix}:realtime:workspace:${workspaceId}`;
export const RealtimeEventSchema = z.object({
  type: z.enum([
    'card.created',
    'card.updated',
    'card.moved',
    'card.deleted',
    'column.created',
    'column.updated',
    'column.deleted',
    'comment.added',
    'requirement.updated',
    'list.updated',
    'member.updated',
    /** A law change reached the workspace (data: WorkspaceChange). */
    'change.received',
    /** A law change was acknowledged (kvitterad; data: WorkspaceChange). */
    'change.acknowledged',
  ]),
  workspaceId: Uuid,
  actorId: Uuid.nullable(),
  at: Timestamp,
  /** The entity after the change (Card, BoardColumn, Comment, Requirement) or { id } when deleted. */
  data: z.unknown(),
});
export type RealtimeEvent = z.infer<typeof RealtimeEventSchema>;

/* ----------------------------------------------------------------- methods */

const Removed = z.object({ removed: z.literal(true) });
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const complianceMethods = {
  // accounts (no actor: the caller is anonymous until logged in)
  'auth.register': method(RegisterInputSchema, Accepted),
  'auth.login': method(LoginInputSchema, TokenPairSchema),
  'auth.refresh': method(RefreshInputSchema, TokenPairSchema),
  'auth.logout': method(z.object({ refreshToken: z.string().min(1).max(200) }).strict(), z.object({ loggedOut: z.literal(true) })),
  'auth.me': method(z.object({ actor: ActorSchema }).strict(), UserProfileSchema),
  'auth.verify-email': method(z.object({ token: z.string().min(20).max(200) }).strict(), z.object({ verified: z.literal(true) })),
  'auth.password-reset.request': method(z.object({ email: EmailSchema, ...ClientInfo }).strict(), Accepted),
  'auth.password-reset.confirm': method(z.object({ token: z.string().min(20).max(200), password: PasswordSchema }).strict(), z.object({ reset: z.literal(true) })),

  // workspaces, members, invitations
  'workspaces.create': method(z.object({ actor: ActorSchema, name: WorkspaceNameSchema }).strict(), WorkspaceSchema),
  'workspaces.list': method(z.object({ actor: ActorSchema }).strict(), z.object({ items: z.array(WorkspaceSchema) })),
  'workspaces.get': method(scoped({}), WorkspaceSchema),
  'workspaces.update': method(scoped({ name: WorkspaceNameSchema }), WorkspaceSchema),
  /** The caller's role in the workspace (existence, then membership); used before opening an event stream. */
  'workspaces.access': method(scoped({}), z.object({ role: WorkspaceRoleSchema })),
  'members.list': method(scoped({}), z.object({ items: z.array(MemberSchema) })),
  'members.update': method(scoped({ userId: Uuid, role: WorkspaceRoleSchema }), MemberSchema),
  'members.remove': method(scoped({ userId: Uuid }), Removed),
  'invitations.create': method(scoped({ email: EmailSchema, role: WorkspaceRoleSchema }), InvitationSchema),
  'invitations.list': method(scoped({}), z.object({ items: z.array(InvitationSchema) })),
  'invitations.revoke': method(scoped({ invitationId: Uuid }), Removed),
  'invitations.accept': method(z.object({ actor: ActorSchema, token: z.string().min(20).max(200) }).strict(), WorkspaceSchema),
  /** Platform operator path (admin token at the gateway; no membership check). */
  'admin.workspaces.list': method(
    z.object({ ...CursorPageInput }).strict(),
    page(z.object({ id: Uuid, name: z.string(), createdAt: Timestamp, memberCount: z.number().int() })),
  ),

  // company profile and SNI
  'sni.search': method(z.object({ q: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).default(20) }).strict(), z.object({ items: z.array(SniEntrySchema) })),
  'profile.get': method(scoped({}), z.object({ profile: CompanyProfileViewSchema.nullable() })),
  'profile.set': method(scoped({ profile: CompanyProfileSchema }), CompanyProfileViewSchema),

  // law lists
  'lists.create': method(scoped({ name: ListNameSchema, generate: z.boolean().default(true) }), LawListSchema),
  'lists.list': method(scoped({}), z.object({ items: z.array(LawListSummarySchema) })),
  'lists.get': method(scoped({ listId: Uuid }), LawListSchema),
  /** The SFS numbers on the workspace's lists (active entries only; no AFS), sorted and unique; every role. */
  'lists.activeLaws': method(scoped({}), ActiveLawsSchema),
  'lists.update': method(scoped({ listId: Uuid, name: ListNameSchema }), LawListSummarySchema),
  'lists.delete': method(scoped({ listId: Uuid }), Removed),
  'lists.items.add': method(scoped({ listId: Uuid, ref: LawRefSchema, reason: Reason }), LawListItemSchema),
  'lists.items.remove': method(scoped({ listId: Uuid, itemId: Uuid, reason: Reason }), LawListItemSchema),
  'lists.items.restore': method(scoped({ listId: Uuid, itemId: Uuid }), LawListItemSchema),

  // requirements and evidence
  'requirements.list': method(scoped({ filter: RequirementFilterSchema.default({}), ...CursorPageInput }), page(RequirementSchema)),
  'requirements.get': method(scoped({ requirementId: Uuid }), RequirementSchema),
  'requirements.create': method(
    scoped({ itemId: Uuid, title: z.string().trim().min(1, 'Ange kravet').max(300), description: z.string().max(5000).default(''), anchor: AnchorSchema.nullable().default(null), responsibleUserId: Uuid.nullable().default(null), reviewDate: IsoDateSchema.nullable().default(null) }),
    RequirementSchema,
  ),
  /** Optimistic concurrency: a stale `version` is CONFLICT with details { current: Requirement }. */
  'requirements.update': method(scoped({ requirementId: Uuid, version: z.number().int().min(1), patch: RequirementPatchSchema }), RequirementSchema),
  'requirements.delete': method(scoped({ requirementId: Uuid }), Removed),
  'evidence.list': method(scoped({ requirementId: Uuid }), z.object({ items: z.array(EvidenceSchema) })),
  'evidence.add': method(scoped({ requirementId: Uuid, link: EvidenceLinkSchema.optional(), file: EvidenceFileSchema.optional() }), EvidenceSchema),
  'evidence.download': method(scoped({ evidenceId: Uuid }), FileDownloadSchema),
  'evidence.remove': method(scoped({ evidenceId: Uuid }), Removed),
  /** The register as .xlsx or .csv (Område, Lag, Krav, Ansvarig, Följer, Datum, Granskare, Kommentar, Åtgärd, Omprövning). */
  'register.export': method(scoped({ listId: Uuid.optional(), format: z.enum(['xlsx', 'csv']) }), FileDownloadSchema),

  // board
  'board.get': method(scoped({}), BoardSchema),
  /** A new column goes right after `afterColumnId`; null puts it last. */
  'board.columns.create': method(scoped({ name: z.string().trim().min(1).max(60), afterColumnId: Uuid.nullable().default(null) }), BoardColumnSchema),
  /** Rename and/or move: `afterColumnId` null moves the column first; omitted leaves it in place. */
  'board.columns.update': method(scoped({ columnId: Uuid, name: z.string().trim().min(1).max(60).optional(), afterColumnId: Uuid.nullable().optional() }), BoardColumnSchema),
  /** CONFLICT while the column still holds cards. */
  'board.columns.delete': method(scoped({ columnId: Uuid }), Removed),
  'board.cards.create': method(scoped({ columnId: Uuid, fields: CardFieldsSchema.extend({ title: z.string().trim().min(1, 'Ange en rubrik').max(300) }) }), CardSchema),
  /** Optimistic concurrency: a stale `version` is CONFLICT with details { current: Card }. */
  'board.cards.update': method(scoped({ cardId: Uuid, version: z.number().int().min(1), fields: CardFieldsSchema }), CardSchema),
  /** Place the card between two neighbours of the target column (null = at that end). */
  'board.cards.move': method(
    scoped({ cardId: Uuid, version: z.number().int().min(1).optional(), columnId: Uuid, afterCardId: Uuid.nullable().default(null), beforeCardId: Uuid.nullable().default(null) }),
    CardSchema,
  ),
  'board.cards.delete': method(scoped({ cardId: Uuid }), Removed),
  'board.comments.list': method(scoped({ cardId: Uuid }), z.object({ items: z.array(CommentSchema) })),
  'board.comments.add': method(scoped({ cardId: Uuid, body: z.string().trim().min(1, 'Skriv en kommentar').max(5000) }), CommentSchema),

  // activity log (auditors read it)
  'activity.list': method(scoped({ entityType: ActivityEntitySchema.optional(), entityId: z.string().max(100).optional(), ...CursorPageInput }), page(ActivityEntrySchema)),
} as const;

/* ------------------------------------------------------------------ events */

export const complianceEventPayloads = {
  'user.registered': z.object({ userId: Uuid, email: z.string(), displayName: z.string(), verificationToken: z.string(), expiresAt: Timestamp }),
  'password.reset-requested': z.object({ userId: Uuid, email: z.string(), displayName: z.string(), resetToken: z.string(), expiresAt: Timestamp }),
  'member.invited': z.object({
    invitationId: Uuid,
    workspaceId: Uuid,
    workspaceName: z.string(),
    email: z.string(),
    role: WorkspaceRoleSchema,
    invitedByName: z.string(),
    token: z.string(),
    expiresAt: Timestamp,
  }),
  'card.due': z.object({
    cardId: Uuid,
    workspaceId: Uuid,
    workspaceName: z.string(),
    title: z.string(),
    dueDate: IsoDateSchema,
    assignees: z.array(z.object({ userId: Uuid, email: z.string(), displayName: z.string() })),
  }),
} as const;
