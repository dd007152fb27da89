import { Module } from '@nestjs/common';
import { AdminDigestsController, NotificationPreferencesController, UnsubscribeController } from './notifications.controller';

/** Notification preferences, one-click unsubscribe and the operator's digest run (the notifier answers). */
@Module({ controllers: [NotificationPreferencesController, UnsubscribeController, AdminDigestsController] })
export class NotificationsModule {}
