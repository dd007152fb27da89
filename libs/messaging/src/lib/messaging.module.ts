import {
  Global,
  Inject,
  Injectable,
  Module,
  SetMetadata,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type {
  EventEnvelope,
  EventPayload,
  EventType,
  MethodName,
  MethodOutput,
  MethodParsedInput,
  OperationResult,
  ServiceName,
  WorkerServiceName,
} from '@laglig/contracts';
import { BaseConfigSchema, loadConfig } from '@laglig/config';
import { createLogger, type Logger } from '@laglig/observability';
import { redisOptionsFromUrl, type MessagingConnection } from './connection';
import { EventBus, EventConsumer, type EventConsumerOptions, type EventHandlerFn } from './events';
import { assertHandlers, type DeclaredHandler } from './registry';
import { RpcClient, RpcServer, type RpcHandlerFn, type RpcServerOptions } from './rpc';

const RPC_HANDLER = 'laglig:rpc-handler';
const EVENT_HANDLER = 'laglig:event-handler';
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_CONNECTION = Symbol('MESSAGING_CONNECTION');
export const MESSAGING_LOGGER = Symbol('MESSAGING_LOGGER');

type RpcMethod<S extends WorkerServiceName, M extends MethodName<S>> = (
  input: MethodParsedInput<S, M>,
) => Promise<OperationResult<MethodOutput<S, M>>>;

/** Marks a provider method as the handler of one request/reply method (typed against the contract). */
export function RpcHandler<S extends WorkerServiceName, M extends MethodName<S>>(service: S, method: M) {
  return <T extends RpcMethod<S, M>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T> => {
    SetMetadata(RPC_HANDLER, { service, method })(target, key, descriptor);
    return descriptor;
  };
}

/** Marks a provider method as the handler of one event type. */
export function OnEvent<E extends EventType>(type: E) {
  return <T extends (payload: EventPayload<E>, envelope: EventEnvelope<E>) => Promise<void>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T> => {
    SetMetadata(EVENT_HANDLER, type)(target, key, descriptor);
    return descriptor;
  };
}

export interface MessagingModuleOptions {
  service: ServiceName;
  /** Start the rpc and event workers (false for the gateway and one-off commands). */
  workers?: boolean;
  rpc?: RpcServerOptions;
  events?: EventConsumerOptions;
  /** Overrides the environment (tests). */
  connection?: MessagingConnection;
  rpcTimeoutMs?: number;
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private rpcServer?: RpcServer;
  private consumer?: EventConsumer;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection,
    @Inject(MESSAGING_LOGGER) private readonly logger: Logger,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly client: RpcClient,
    private readonly bus: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const rpc = new Map<string, RpcHandlerFn>();
    const evts = new Map<string, EventHandlerFn>();
    const declaredRpc: DeclaredHandler[] = [];
    const declaredEvents: DeclaredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const key of this.scanner.getAllMethodNames(proto)) {
        const fn = (instance as Record<string, unknown>)[key];
        if (typeof fn !== 'function') continue;
        const owner = `${instance.constructor.name}.${key}`;
        const rpcMeta = this.reflector.get<{ service: ServiceName; method: string } | undefined>(RPC_HANDLER, fn);
        if (rpcMeta) {
          if (rpcMeta.service !== this.options.service) {
            declaredRpc.push({ name: `${rpcMeta.service}/${rpcMeta.method}`, owner });
          } else {
            declaredRpc.push({ name: rpcMeta.method, owner });
            rpc.set(rpcMeta.method, fn.bind(instance) as RpcHandlerFn);
          }
        }
        const eventMeta = this.reflector.get<string | undefined>(EVENT_HANDLER, fn);
        if (eventMeta) {
          declaredEvents.push({ name: eventMeta, owner });
          evts.set(eventMeta, fn.bind(instance) as EventHandlerFn);
        }
      }
    }
    assertHandlers(this.options.service, declaredRpc, declaredEvents);
    if (this.options.workers === false) return;
    if (this.options.service !== 'api-gateway') {
      this.rpcServer = new RpcServer(this.options.service, rpc, this.connection, this.logger, this.options.rpc);
      await this.rpcServer.start();
    }
    if (evts.size > 0) {
      this.consumer = new EventConsumer(this.options.service, evts, this.connection, this.logger, this.options.events);
      await this.consumer.start();
    }
    this.logger.info({ methods: [...rpc.keys()], events: [...evts.keys()] }, 'messaging workers started');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.rpcServer?.close(), this.consumer?.close(), this.client.close(), this.bus.close()]);
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: MESSAGING_CONNECTION,
          useFactory: (): MessagingConnection => {
            if (options.connection) return options.connection;
            const config = loadConfig(BaseConfigSchema);
            return { redis: redisOptionsFromUrl(config.REDIS_URL), prefix: config.QUEUE_PREFIX };
          },
        },
        { provide: MESSAGING_LOGGER, useFactory: () => createLogger(options.service) },
        {
          provide: RpcClient,
          inject: [MESSAGING_CONNECTION],
          useFactory: (c: MessagingConnection) =>
            new RpcClient(c, options.rpcTimeoutMs ?? loadConfig(BaseConfigSchema).RPC_TIMEOUT_MS),
        },
        {
          provide: EventBus,
          inject: [MESSAGING_CONNECTION],
          useFactory: (c: MessagingConnection) => new EventBus(options.service, c),
        },
        MessagingLifecycle,
      ],
      exports: [RpcClient, EventBus, MESSAGING_CONNECTION],
    };
  }
}
