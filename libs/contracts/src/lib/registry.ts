import { z } from 'zod';
import {
  AmendmentSchema,
  LawDocumentSchema,
  LawListInputSchema,
  LawListResultSchema,
  LawMetadataSchema,
  SearchInputSchema,
  SearchResultSchema,
  SfsInputSchema,
} from './laws';
import { complianceEventPayloads, complianceMethods } from './compliance';
import { complianceChangeMethods, lawChangeMethods, notifierMethods, RequirementsFlaggedPayloadSchema, SectionChangeSchema } from './changes';
import { method, type MethodContract } from './method';
import { ChatAnswerSchema, ChatAskInputSchema, IndexJobSchema, IndexProgressInputSchema, IndexStatusSchema, ragConversationMethods, RetrievalSearchInputSchema, RetrievalSearchResultSchema } from './rag';

/**
 * The only coupling between services: every request/reply method and every
 * event, with its payload schema. A service owns the methods listed under its
 * name and must register exactly one handler for each (checked at startup).
 */
export const SERVICE_NAMES = ['law-catalog', 'rag', 'compliance-workflow', 'notifier', 'api-gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** Services that run workers and answer request/reply calls. */
export type WorkerServiceName = Exclude<ServiceName, 'api-gateway'>;

export type { MethodContract } from './method';

export const HealthSchema = z.object({
  service: z.string(),
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), z.object({ status: z.enum(['up', 'down']), detail: z.string().optional() })),
  uptimeSeconds: z.number(),
});
export type Health = z.infer<typeof HealthSchema>;

const health = method(z.object({}).strict(), HealthSchema);

export const IngestJobSchema = z.object({ jobId: z.string() });

export const contracts = {
  'law-catalog': {
    methods: {
      'system.health': health,
      'laws.get': method(SfsInputSchema, LawDocumentSchema),
      'laws.meta': method(SfsInputSchema, LawMetadataSchema),
      'laws.search': method(SearchInputSchema, SearchResultSchema),
      'laws.list': method(LawListInputSchema, LawListResultSchema),
      'laws.amendments': method(SfsInputSchema, z.object({ sfs: z.string(), items: z.array(AmendmentSchema) })),
      ...lawChangeMethods,
    },
  },
  rag: {
    methods: {
      'system.health': health,
      'retrieval.search': method(RetrievalSearchInputSchema, RetrievalSearchResultSchema),
      'chat.ask': method(ChatAskInputSchema, ChatAnswerSchema),
      'index.status': method(z.object({}).strict(), IndexStatusSchema),
      /** Starts re-indexing the whole catalog (or returns the job already running). */
      'index.rebuild': method(z.object({}).strict(), IndexJobSchema),
      /** A job's progress; the latest job without an id (NOT_FOUND when there is none). */
      'index.progress': method(IndexProgressInputSchema, IndexJobSchema),
      ...ragConversationMethods,
    },
  },
  'compliance-workflow': { methods: { 'system.health': health, ...complianceMethods, ...complianceChangeMethods } },
  notifier: { methods: { 'system.health': health, ...notifierMethods } },
  'api-gateway': { methods: {} },
} as const satisfies Record<ServiceName, { methods: Record<string, MethodContract> }>;

export type Contracts = typeof contracts;
export type MethodName<S extends ServiceName> = keyof Contracts[S]['methods'] & string;
type MethodOf<S extends ServiceName, M extends MethodName<S>> = Contracts[S]['methods'][M] extends MethodContract<
  infer I,
  infer O
>
  ? { input: I; output: O }
  : never;
export type MethodInput<S extends ServiceName, M extends MethodName<S>> = z.input<MethodOf<S, M>['input']>;
export type MethodParsedInput<S extends ServiceName, M extends MethodName<S>> = z.output<MethodOf<S, M>['input']>;
export type MethodOutput<S extends ServiceName, M extends MethodName<S>> = z.output<MethodOf<S, M>['output']>;

export function methodContract(service: ServiceName, name: string): MethodContract | undefined {
  const methods = contracts[service].methods as Record<string, MethodContract>;
  return Object.prototype.hasOwnProperty.call(methods, name) ? methods[name] : undefined;
}

/* ---------------------------------------------------------------- events */

const SectionAnchors = z.array(z.string());

/*
 * Subscribers are added as their consumers land: the notifier subscribes to
 * law.changed / law.repealed with the change-monitoring issue (digests). The
 * startup check makes a listed subscriber without a handler refuse to start.
 */

export const events = {
  'law.ingested': {
    version: 1,
    producer: 'law-catalog',
    subscribers: ['rag'],
    payload: z.object({
      sfs: z.string(),
      title: z.string(),
      versionId: z.string().uuid(),
      contentHash: z.string(),
      sectionCount: z.number().int(),
    }),
  },
  'law.changed': {
    version: 1,
    producer: 'law-catalog',
    // compliance-workflow flags the requirements of the changed sections ("Behöver omprövas").
    subscribers: ['rag', 'api-gateway', 'compliance-workflow', 'notifier'],
    payload: z.object({
      sfs: z.string(),
      title: z.string(),
      previousVersionId: z.string().uuid(),
      versionId: z.string().uuid(),
      amendingSfs: z.string().nullable(),
      inForce: z.string().nullable(),
      added: SectionAnchors,
      modified: SectionAnchors,
      repealed: SectionAnchors,
      substantive: z.boolean(),
      /** The law-catalog change event (changes.get); absent in events written before change records existed. */
      changeId: z.string().uuid().optional(),
      /** Per section: kind, label, editorial or not, a plain-language line. */
      sections: z.array(SectionChangeSchema).optional(),
    }),
  },
  'law.repealed': {
    version: 1,
    producer: 'law-catalog',
    subscribers: ['rag', 'api-gateway', 'compliance-workflow', 'notifier'],
    payload: z.object({
      sfs: z.string(),
      title: z.string(),
      versionId: z.string().uuid(),
      repealedBy: z.string().nullable(),
      changeId: z.string().uuid().optional(),
      /** Date the repeal takes effect (YYYY-MM-DD), when known. */
      repealedAt: z.string().nullable().optional(),
    }),
  },
  // compliance-workflow -> notifier: the mails an account or a workspace needs.
  'user.registered': { version: 1, producer: 'compliance-workflow', subscribers: ['notifier'], payload: complianceEventPayloads['user.registered'] },
  'password.reset-requested': {
    version: 1,
    producer: 'compliance-workflow',
    subscribers: ['notifier'],
    payload: complianceEventPayloads['password.reset-requested'],
  },
  'member.invited': { version: 1, producer: 'compliance-workflow', subscribers: ['notifier'], payload: complianceEventPayloads['member.invited'] },
  'card.due': { version: 1, producer: 'compliance-workflow', subscribers: ['notifier'], payload: complianceEventPayloads['card.due'] },
  // compliance-workflow -> notifier: a law change flagged requirements in a workspace (links in the digest).
  'requirements.flagged': { version: 1, producer: 'compliance-workflow', subscribers: ['notifier'], payload: RequirementsFlaggedPayloadSchema },
} as const satisfies Record<
  string,
  { version: number; producer: ServiceName; subscribers: readonly ServiceName[]; payload: z.ZodType }
>;

export type Events = typeof events;
export type EventType = keyof Events & string;
export type EventPayload<E extends EventType> = z.output<Events[E]['payload']>;

export interface EventEnvelope<E extends EventType = EventType> {
  id: string;
  type: E;
  version: number;
  occurredAt: string;
  producer: ServiceName;
  correlationId: string;
  payload: EventPayload<E>;
}

export const EventEnvelopeSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string(),
  version: z.number().int(),
  occurredAt: z.string(),
  producer: z.enum(SERVICE_NAMES),
  correlationId: z.string(),
  payload: z.unknown(),
});

export function eventsSubscribedBy(service: ServiceName): EventType[] {
  return (Object.keys(events) as EventType[]).filter((e) =>
    (events[e].subscribers as readonly ServiceName[]).includes(service),
  );
}

/* ---------------------------------------------------------------- queues */

/** BullMQ prefix with a hash tag so every queue's keys share one Redis Cluster slot. */
export const QUEUE_PREFIX = '{laglig}';
export const rpcQueueName = (service: ServiceName): string => `rpc.${service}`;
export const eventQueueName = (service: ServiceName): string => `events.${service}`;
