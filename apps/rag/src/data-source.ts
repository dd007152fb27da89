import type { ServicePersistence } from '@laglig/persistence';
import { ChunkEntity } from './chunks/chunk.entity';
import { ConversationEntity, ConversationMessageEntity } from './conversations/conversation.entities';
import { IndexJobEntity } from './index-jobs/index-job.entity';
import { LawIndexStateEntity } from './index-state/law-index-state.entity';
import { InitialRag1795318000000 } from './migrations/1795318000000-InitialRag';
import { Chunks1795400000000 } from './migrations/1795400000000-Chunks';
import { LexemeDf1795500000000 } from './migrations/1795500000000-LexemeDf';
import { IndexJobs1795600000000 } from './migrations/1795600000000-IndexJobs';
import { Conversations1796900000000 } from './migrations/1796900000000-Conversations';
import { ChunkChapterTitle1797100000000 } from './migrations/1797100000000-ChunkChapterTitle';
import { ConversationRetention1797300000000 } from './migrations/1797300000000-ConversationRetention';

export const persistence = {
  schema: 'rag',
  entities: [LawIndexStateEntity, ChunkEntity, IndexJobEntity, ConversationEntity, ConversationMessageEntity],
  // Retrieval's statements are short but some are estimated as expensive (per-lexeme subplans):
  // just-in-time compilation cost 215 ms on a 1 ms statement at 1M chunks (docs/benchmarks.md §5).
  sessionSettings: { jit: 'off' },
  migrations: [
    InitialRag1795318000000,
    Chunks1795400000000,
    LexemeDf1795500000000,
    IndexJobs1795600000000,
    Conversations1796900000000,
    ChunkChapterTitle1797100000000,
    ConversationRetention1797300000000,
  ],
} satisfies ServicePersistence;
