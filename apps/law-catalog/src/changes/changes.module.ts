import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ChangesHandlers } from './changes.handlers';
import { ChangesRepository } from './changes.repository';
import { ChangesService } from './changes.service';

@Module({
  imports: [DocumentsModule],
  providers: [ChangesRepository, ChangesService, ChangesHandlers],
  exports: [ChangesService],
})
export class ChangesModule {}
