import { Module } from '@nestjs/common';
import { BoardHandlers } from './board.handlers';
import { BoardRepository } from './board.repository';
import { BoardService } from './board.service';
import { DueReminders } from './due-reminders.service';

/** The Kanban board (columns, cards, comments), the activity log method and due-date reminders. */
@Module({
  providers: [BoardRepository, BoardService, BoardHandlers, DueReminders],
  exports: [BoardService, DueReminders],
})
export class BoardModule {}
