import { Inject, Injectable, Optional } from '@nestjs/common';
import { z } from 'zod';
import {
  REFUSAL_SENTENCE,
  succeed,
  type ChatAnswer,
  type ChatStreamEvent,
  type Citation,
  type OperationResult,
  type RefusalReason,
} from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { createLogger } from '@laglig/observability';
import { AnswerCache } from '../cache/answer-cache';
import { ragMetrics } from '../metrics';
import { RetrievalService } from '../retrieval/retrieval.service';
import { CHAT_MODEL, ChatModelError, type ChatModel } from './chat-model';
import { buildCitations, validateAnswer, type Excerpt } from './citations';
import { assessEvidence, questionTerms, type EvidenceAssessment } from './evidence';
import { composeExtractiveAnswer } from './extractive';
import { buildMessages } from './prompt';
import { outOfScopeTopic, SCOPE_MESSAGE } from './scope';

export const AnswerConfigSchema = z.object({
  /** Sections retrieved and numbered for the answer step. */
  CHAT_EXCERPTS: z.coerce.number().int().min(1).max(20).default(6),
  /**
   * Refusal threshold: the best of the top three sections must cover at least
   * this weighted share of the question's content words, or the question is
   * refused before any model is called. 0.42 is the middle of the range
   * (0.41–0.45) where the evaluation set's unanswerable questions are refused
   * ≥ 95 % with ≤ 10 % false refusals (scripts/eval --sweep; figures and the
   * evidence measure in apps/rag/README.md, "Retrieval quality").
   */
  CHAT_MIN_EVIDENCE: z.coerce.number().min(0).max(1).default(0.42),
});
export type AnswerConfig = z.infer<typeof AnswerConfigSchema>;

export interface AskInput {
  question: string;
  sfs?: string[];
}

/** Receives the answer as it is produced; failures to deliver never fail the answer. */
export type AnswerSink = (event: ChatStreamEvent) => Promise<void>;

export interface AskOptions {
  sink?: AnswerSink;
  /** Aborts a model call (the reader went away). */
  signal?: AbortSignal;
}


const EXTRACTIVE = 'extractive';

/**
 * Question → answer: scope check, answer cache, hybrid retrieval, the refusal
 * threshold (before any model call), the extractive or chat-model answer, the
 * citation validator, structured citations. A chat model that fails falls back
 * to the extractive answer, so a model outage still answers from the law.
 */
@Injectable()
export class AnswerService {
  private readonly logger = createLogger('rag').child({ component: 'answers' });
  /** From the environment; the evaluation runner sweeps CHAT_MIN_EVIDENCE by changing it. */
  config: AnswerConfig = loadConfig(AnswerConfigSchema);

  constructor(
    private readonly retrieval: RetrievalService,
    private readonly cache: AnswerCache,
    @Optional() @Inject(CHAT_MODEL) private readonly model: ChatModel | null = null,
  ) {}

  get provider(): string {
    return this.model?.id ?? EXTRACTIVE;
  }

  async ask(input: AskInput, options: AskOptions = {}): Promise<OperationResult<ChatAnswer>> {
    const started = performance.now();
    const sink = options.sink ?? (async () => undefined);
    const filter = input.sfs && input.sfs.length > 0 ? input.sfs : undefined;
    let cacheKey: string | null = null;

    const finish = async (answer: ChatAnswer, laws: readonly string[] | null): Promise<OperationResult<ChatAnswer>> => {
      if (laws) await this.cache.set(cacheKey, answer, laws);
      await sink({ event: 'citations', data: { citations: answer.citations } });
      await sink({ event: 'done', data: answer });
      ragMetrics.answers.inc({ status: answer.status, reason: answer.refusalReason ?? '', provider: answer.provider });
      ragMetrics.answerSeconds.observe({ cached: String(answer.cached) }, (performance.now() - started) / 1000);
      this.logger.info(
        { status: answer.status, reason: answer.refusalReason, provider: answer.provider, cached: answer.cached, citations: answer.citations.length, durationMs: Math.round(performance.now() - started) },
        'answered',
      );
      return succeed(answer);
    };
    const refusal = (reason: RefusalReason, provider = this.provider): ChatAnswer => ({
      status: reason === 'out_of_scope' ? 'out_of_scope' : 'refused',
      answer: reason === 'out_of_scope' ? SCOPE_MESSAGE : REFUSAL_SENTENCE,
      citations: [],
      refusalReason: reason,
      provider,
      cached: false,
    });

    if (outOfScopeTopic(input.question)) return finish(refusal('out_of_scope'), null);

    cacheKey = await this.cache.key({ question: input.question, ...(filter ? { sfs: filter } : {}), pipeline: `${this.provider}|${this.retrieval.embeddingModel}` });
    const cached = await this.cache.get(cacheKey);
    if (cached) {
      await sink({ event: 'token', data: { text: cached.answer } });
      return finish({ ...cached, cached: true }, null);
    }

    const retrieved = await this.retrieval.search({ query: input.question, k: this.config.CHAT_EXCERPTS, ...(filter ? { sfs: filter } : {}) });
    if (!retrieved.ok) {
      await sink({ event: 'error', data: { code: retrieved.code, message: 'Sökningen i lagtexten misslyckades. Försök igen.' } });
      return retrieved;
    }
    const excerpts: Excerpt[] = retrieved.value.hits.map((hit, i) => ({ n: i + 1, hit }));
    const terms = questionTerms(input.question);
    const evidence = assessEvidence(terms, excerpts);
    if (evidence.score < this.config.CHAT_MIN_EVIDENCE) return finish(refusal('weak_retrieval'), null);

    const laws = excerpts.map((e) => e.hit.sfs);
    if (this.model) {
      const generated = await this.generate(this.model, input.question, excerpts, sink, options.signal);
      if (generated !== null) {
        const validation = validateAnswer(generated, excerpts.length);
        if (!validation.ok) return finish(refusal(validation.reason), laws);
        return finish(this.answered(generated, buildCitations(validation.cited, excerpts), this.model.id), laws);
      }
      // The model failed (logged): the extractive answer below still answers from the law.
    }

    const extractive = composeExtractiveAnswer(terms, excerpts.slice(0, 5));
    if (!extractive) return finish(refusal('weak_retrieval', EXTRACTIVE), null);
    const validation = validateAnswer(extractive.text, extractive.sources.length);
    if (!validation.ok) {
      this.logger.error({ reason: validation.reason }, 'extractive answer failed citation validation');
      return finish(refusal(validation.reason, EXTRACTIVE), null);
    }
    for (const piece of pieces(extractive.text)) await sink({ event: 'token', data: { text: piece } });
    return finish(this.answered(extractive.text, buildCitations(validation.cited, extractive.sources, extractive.quotes), EXTRACTIVE), laws);
  }

  private answered(text: string, citations: Citation[], provider: string): ChatAnswer {
    return { status: 'answered', answer: text, citations, refusalReason: null, provider, cached: false };
  }

  /** Streams the model's answer to the sink; null when the model failed (the caller falls back). */
  private async generate(model: ChatModel, question: string, excerpts: readonly Excerpt[], sink: AnswerSink, signal?: AbortSignal): Promise<string | null> {
    let text = '';
    try {
      for await (const piece of model.stream(buildMessages(question, excerpts), signal ? { signal } : {})) {
        text += piece;
        await sink({ event: 'token', data: { text: piece } });
      }
      return text;
    } catch (err) {
      const code = err instanceof ChatModelError ? err.code : signal?.aborted ? 'CANCELLED' : 'UNEXPECTED';
      this.logger.warn({ model: model.id, code, streamedChars: text.length }, 'chat model failed; answering extractively');
      return null;
    }
  }

  /** Exposed for the evaluation runner: the evidence score that the refusal threshold is applied to. */
  evidenceFor(question: string, excerpts: readonly Excerpt[]): EvidenceAssessment {
    return assessEvidence(questionTerms(question), excerpts);
  }
}

/** The extractive answer is ready at once; it is still streamed in small pieces like a model's. */
function* pieces(text: string): Generator<string> {
  const parts = text.match(/\S+\s*/g) ?? [];
  for (let i = 0; i < parts.length; i += 4) yield parts.slice(i, i + 4).join('');
}
