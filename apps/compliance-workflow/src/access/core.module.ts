import { Global, Module } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { OutboxRelay } from '../events/outbox';
import { RealtimePublisher } from '../realtime/realtime-publisher';
import { WorkspaceAccess } from './workspace-access.service';

/** What every part of the service uses: access checks, the activity log, the event outbox and real-time fan-out. */
@Global()
@Module({
  providers: [WorkspaceAccess, ActivityService, OutboxRelay, RealtimePublisher],
  exports: [WorkspaceAccess, ActivityService, OutboxRelay, RealtimePublisher],
})
export class CoreModule {}
