import { Module } from '@nestjs/common';
import { DocumentsHandlers } from './documents.handlers';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

@Module({
  providers: [DocumentsRepository, DocumentsService, DocumentsHandlers],
  exports: [DocumentsRepository, DocumentsService],
})
export class DocumentsModule {}
