import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { z } from 'zod';
import { loadConfig } from '@laglig/config';
import { MESSAGING_CONNECTION, MessagingModule, type MessagingConnection } from '@laglig/messaging';
import { LoggingModule } from '@laglig/service-runtime';
import { AdminWorkspacesController } from '../accounts/admin-workspaces.controller';
import { AuthController } from '../accounts/auth.controller';
import { WorkspacesController } from '../accounts/workspaces.controller';
import { AuthCoreModule } from '../auth/auth-core.module';
import { JwtEnv } from '../auth/jwt.strategy';
import { rateLimitTracker } from '../auth/rate-limit-tracker';
import { BoardController } from '../board/board.controller';
import { RealtimeHub } from '../board/realtime-hub.service';
import { WorkspaceEventsController } from '../board/workspace-events.controller';
import { CacheInvalidationHandlers } from '../cache/cache-invalidation.handlers';
import { ResponseCache } from '../cache/response-cache.service';
import { ChatController } from '../chat/chat.controller';
import { ChatStreamService } from '../chat/chat-stream.service';
import { HealthController } from '../health/health.controller';
import { CorrelationMiddleware } from '../http/correlation.middleware';
import { ErrorFilter } from '../http/error.filter';
import { LawsController } from '../laws/laws.controller';
import { NotificationsModule } from '../notifications/notifications.module';
import { ChangesController } from '../laws/changes.controller';
import { AdminSyncController } from '../admin/sync.controller';
import { WorkspaceChangesController } from '../register/changes.controller';
import { EvidenceController } from '../register/evidence.controller';
import { RegisterController, SniController } from '../register/register.controller';
import { SearchIndexController } from '../search-index/search-index.controller';

const ThrottleEnv = z.object({
  THROTTLE_LIMIT: z.coerce.number().int().positive().default(600),
  THROTTLE_TTL_MS: z.coerce.number().int().positive().default(60_000),
});

@Module({
  imports: [
    LoggingModule.forService('api-gateway'),
    AuthCoreModule,
    NotificationsModule,
    MessagingModule.forService({ service: 'api-gateway' }),
    // Counters live in Redis so every replica enforces the same limit per client.
    ThrottlerModule.forRootAsync({
      inject: [MESSAGING_CONNECTION],
      useFactory: (connection: MessagingConnection) => {
        const env = loadConfig(ThrottleEnv);
        return {
          throttlers: [{ limit: env.THROTTLE_LIMIT, ttl: env.THROTTLE_TTL_MS }],
          // Signed-in users by user id, everyone else by address.
          getTracker: rateLimitTracker(loadConfig(JwtEnv).JWT_SECRET),
          // Options, not a client: the storage then owns its connection and closes it on shutdown.
          storage: new ThrottlerStorageRedisService({
            ...connection.redis,
            keyPrefix: `${connection.prefix}:throttle:`,
            maxRetriesPerRequest: 1,
            enableOfflineQueue: false,
          }),
          errorMessage: 'För många förfrågningar. Vänta en stund och försök igen.',
        };
      },
    }),
  ],
  // Compliance controllers (accounts, workspaces, register, board) are added by their parts of the compliance issue.
  controllers: [LawsController, ChangesController, AdminSyncController, ChatController, SearchIndexController, HealthController, AuthController, WorkspacesController, AdminWorkspacesController, BoardController, WorkspaceEventsController, SniController, RegisterController, EvidenceController, WorkspaceChangesController],
  providers: [
    RealtimeHub,
    ResponseCache,
    CacheInvalidationHandlers,
    ChatStreamService,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*path');
  }
}
