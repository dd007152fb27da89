import { Module } from '@nestjs/common';
import { SearchHandlers } from './search.handlers';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

@Module({
  providers: [SearchRepository, SearchService, SearchHandlers],
  exports: [SearchService],
})
export class SearchModule {}
