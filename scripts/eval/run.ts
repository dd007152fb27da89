/**
 * Retrieval and answer evaluation of the rag service on the 53 bundled
 * statutes (data/sfs) with the questions in scripts/eval/questions.jsonl.
 *
 *   1. checks the question set: every expected anchor must exist in the
 *      parsed statute and be indexable (exit 2 otherwise);
 *   2. creates or reuses a scratch database (default laglig_eval on the
 *      cluster of DATABASE_URL), runs the rag migrations and indexes every
 *      bundled statute with the real chunker and the configured embeddings
 *      (local by default) through IndexerService.replaceChunks — laws whose
 *      chunks are already in the index unchanged are skipped;
 *   3. retrieval: Recall@5, Recall@10, MRR@10 over the answerable questions,
 *      overall and per area;
 *   4. answers (when apps/rag/src/answers/answer-pipeline.ts exists):
 *      refusal rate on unanswerable questions, false-refusal rate on
 *      answerable ones, citation validity, answers citing an expected section;
 *   5. prints a table and the misses, writes scripts/eval/results/<date>-<provider>.json.
 *
 *   npm run eval -- [--k 10] [--only ws-01,emp-03] [--json] [--sweep 0.3,0.4,0.5]
 *                   [--min-recall10 0.9] [--min-recall5 x] [--min-mrr x]
 *                   [--min-refusal x] [--max-false-refusal x] [--reindex] [--database laglig_eval]
 *
 * Exit code 0; 1 when a --min-… or --max-… gate is missed; 2 when the question set is invalid.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import type { ChatAnswer, LawDocument, OperationResult, RetrievalHit, RetrievalSearchResult } from '@laglig/contracts';
import { createDatabase, dropDatabase, listDatabases, runMigrations, serviceDataSourceOptions, withDatabase } from '@laglig/persistence';
import { bundledLawDocument, bundledSfsNumbers } from '@laglig/testing';
import { ChunkEntity } from '../../apps/rag/src/chunks/chunk.entity';
import { chunkLaw } from '../../apps/rag/src/chunks/chunker';
import { persistence } from '../../apps/rag/src/data-source';
import type { EmbeddingProvider } from '../../apps/rag/src/embeddings/embedding-provider';
import { createEmbeddingProvider } from '../../apps/rag/src/embeddings/embeddings.factory';
import { IndexerService } from '../../apps/rag/src/indexer/indexer.service';
import { RetrievalService } from '../../apps/rag/src/retrieval/retrieval.service';
import { checkExpectedAnchors, isAnswerable, loadQuestions, AREAS, UNANSWERABLE_KINDS, type AnswerableQuestion, type EvalQuestion } from './questions';
import { citationProblems, citesExpected, firstRelevantRank, ratio, retrievalFigures, type RetrievalFigures } from './metrics';

const EVAL_DIR = __dirname;
const ROOT = resolve(EVAL_DIR, '..', '..');
const CORPUS = join(ROOT, 'data', 'sfs');
const RESULTS_DIR = join(EVAL_DIR, 'results');
const PIPELINE_FILE = join(ROOT, 'apps', 'rag', 'src', 'answers', 'answer-pipeline.ts');

/* ------------------------------------------------------------------ types of the rag code loaded at run time */

interface RetrievalLike {
  search(input: { query: string; k: number; sfs?: string[] }): Promise<OperationResult<RetrievalSearchResult>>;
}
interface AnswersLike {
  provider?: string;
  config?: { CHAT_MIN_EVIDENCE?: number; CHAT_EXCERPTS?: number; [key: string]: unknown };
  ask(input: { question: string; sfs?: string[] }): Promise<OperationResult<ChatAnswer> | ChatAnswer>;
  evidenceFor?(question: string, excerpts: ReadonlyArray<{ n: number; hit: RetrievalHit }>): { score: number; pinned: boolean };
}
type CreateAnswerPipeline = (deps: { dataSource: DataSource; embeddings: EmbeddingProvider; chatModel: null; redis: null }) => {
  retrieval: RetrievalLike;
  answers: AnswersLike;
};

/* ------------------------------------------------------------------ formatting */

const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '-');
const num = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '-');
const round = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 10_000) / 10_000 : null);
const slug = (s: string): string => s.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function unwrap<T>(result: OperationResult<T> | T): T {
  const r = result as { ok?: boolean; value?: T; code?: string; message?: string };
  if (typeof r === 'object' && r !== null && typeof r.ok === 'boolean' && ('value' in r || 'code' in r)) {
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value as T;
  }
  return result as T;
}

function parseVector(text: string): number[] {
  return text.replace(/^\[|\]$/g, '').split(',').map(Number);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
};

/* ------------------------------------------------------------------ database and index */

async function openDatabase(cluster: string, name: string, fresh: boolean, log: (s: string) => void): Promise<DataSource> {
  const exists = (await listDatabases(cluster, name)).includes(name);
  if (exists && fresh) {
    log(`dropping ${name} (re-index from scratch)`);
    await dropDatabase(cluster, name);
  }
  if (!exists || fresh) await createDatabase(cluster, name);
  const dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url: withDatabase(cluster, name), poolSize: 4, logging: ['error'], applicationName: 'laglig-eval' }));
  await dataSource.initialize();
  const applied = await runMigrations(dataSource, { schema: persistence.schema });
  if (applied.length) log(`migrations applied to ${name}: ${applied.join(', ')}`);
  return dataSource;
}

interface IndexReport {
  laws: number;
  chunks: number;
  /** Laws whose chunks were (re)written in this run. */
  reindexed: string[];
  embedded: number;
  reused: number;
  durationMs: number;
}

/**
 * Indexes every bundled statute unless the index already holds exactly the
 * chunks the chunker produces for it now (same positions, anchors and content
 * hashes for this embedding model) — the cheap check that skips re-indexing.
 */
async function ensureIndexed(dataSource: DataSource, embeddings: EmbeddingProvider, laws: ReadonlyMap<string, LawDocument>, log: (s: string) => void): Promise<IndexReport> {
  // replaceChunks needs neither the law-catalog client nor the polling loop.
  const indexer = new IndexerService(dataSource, null as never, embeddings);
  const repo = dataSource.getRepository(ChunkEntity);
  const started = performance.now();
  const stored = await repo.find({ select: { sfs: true, position: true, anchor: true, part: true, contentHash: true, chapterTitle: true }, where: { embeddingModel: embeddings.id } });
  const bySfs = new Map<string, string[]>();
  for (const c of stored.sort((a, b) => a.position - b.position)) {
    const list = bySfs.get(c.sfs) ?? [];
    list.push(`${c.position}|${c.anchor}|${c.part}|${c.contentHash}|${c.chapterTitle ?? ''}`);
    bySfs.set(c.sfs, list);
  }
  const report: IndexReport = { laws: laws.size, chunks: 0, reindexed: [], embedded: 0, reused: 0, durationMs: 0 };
  for (const [sfs, doc] of laws) {
    const wanted = chunkLaw(doc).map((c) => `${c.position}|${c.anchor}|${c.part}|${c.contentHash}|${c.chapterTitle ?? ''}`);
    report.chunks += wanted.length;
    const have = bySfs.get(sfs) ?? [];
    if (have.length === wanted.length && have.every((h, i) => h === wanted[i])) continue;
    const t = performance.now();
    const result = await dataSource.transaction((tx) => indexer.replaceChunks(tx, doc));
    report.reindexed.push(sfs);
    report.embedded += result.embedded;
    report.reused += result.reused;
    log(`  indexed ${sfs.padEnd(10)} ${String(result.chunks).padStart(5)} chunks (${result.embedded} embedded) in ${Math.round(performance.now() - t)} ms`);
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/**
 * The stored vector of one chunk against a fresh embedding of the same text:
 * catches an embedding implementation that changed without a new model id
 * (the content-hash check alone would keep the old vectors).
 */
async function vectorsAreCurrent(dataSource: DataSource, embeddings: EmbeddingProvider, laws: ReadonlyMap<string, LawDocument>): Promise<boolean> {
  const first = [...laws.values()][0];
  if (!first) return true;
  const probe = chunkLaw(first)[0];
  if (!probe) return true;
  const row = await dataSource.getRepository(ChunkEntity).findOne({
    select: { embedding: true },
    where: { sfs: first.sfs, contentHash: probe.contentHash, embeddingModel: embeddings.id },
  });
  if (!row) return true; // nothing stored yet: ensureIndexed embeds it
  const [fresh] = await embeddings.embed([probe.embeddingText]);
  return cosine(parseVector(String(row.embedding)), fresh as number[]) > 0.995;
}

/* ------------------------------------------------------------------ evaluation */

interface RetrievalOutcome {
  rank: number | null;
  top: Array<{ sfs: string; anchor: string; label: string; score: number }>;
  evidence: number | null;
  ms: number;
  /** For a miss: where the first expected section is in a top-50 search, and its rank in each list (diagnostic). */
  deep: { rank: number; fullTextRank: number | null; vectorRank: number | null } | null;
}

interface AnswerOutcome {
  status: ChatAnswer['status'] | 'error';
  refusalReason: string | null;
  provider: string | null;
  cited: Array<{ n: number; sfs: string; anchor: string }>;
  citationProblems: string[];
  citesExpected: boolean | null;
  answer: string;
  ms: number;
}

interface AnswerFigures {
  answerable: number;
  answered: number;
  falseRefusals: number;
  falseRefusalRate: number;
  citesExpected: number;
  /** Of the answered answerable questions. */
  citesExpectedRate: number;
  /** Of all answerable questions (answered and citing an expected section). */
  citesExpectedOverall: number;
  unanswerable: number;
  refusedUnanswerable: number;
  refusalRate: number;
  answeredTotal: number;
  citationValid: number;
  citationValidity: number;
  errors: number;
}

function answerFigures(questions: readonly EvalQuestion[], outcomes: ReadonlyMap<string, AnswerOutcome>): AnswerFigures {
  let answerable = 0;
  let answered = 0;
  let cites = 0;
  let unanswerable = 0;
  let refused = 0;
  let answeredTotal = 0;
  let valid = 0;
  let errors = 0;
  for (const q of questions) {
    const o = outcomes.get(q.id);
    if (!o) continue;
    if (o.status === 'error') errors++;
    if (o.status === 'answered') {
      answeredTotal++;
      if (o.citationProblems.length === 0) valid++;
    }
    if (isAnswerable(q)) {
      answerable++;
      if (o.status === 'answered') {
        answered++;
        if (o.citesExpected) cites++;
      }
    } else {
      unanswerable++;
      if (o.status === 'refused' || o.status === 'out_of_scope') refused++;
    }
  }
  return {
    answerable,
    answered,
    falseRefusals: answerable - answered,
    falseRefusalRate: ratio(answerable - answered, answerable),
    citesExpected: cites,
    citesExpectedRate: ratio(cites, answered),
    citesExpectedOverall: ratio(cites, answerable),
    unanswerable,
    refusedUnanswerable: refused,
    refusalRate: ratio(refused, unanswerable),
    answeredTotal,
    citationValid: valid,
    citationValidity: ratio(valid, answeredTotal),
    errors,
  };
}

async function askAll(answers: AnswersLike, questions: readonly EvalQuestion[]): Promise<Map<string, AnswerOutcome>> {
  const out = new Map<string, AnswerOutcome>();
  for (const q of questions) {
    const t = performance.now();
    try {
      const a = unwrap(await answers.ask({ question: q.question }));
      out.set(q.id, {
        status: a.status,
        refusalReason: a.refusalReason,
        provider: a.provider,
        cited: a.citations.map((c) => ({ n: c.n, sfs: c.sfs, anchor: c.anchor })),
        citationProblems: citationProblems(a),
        citesExpected: isAnswerable(q) ? citesExpected(a, q.expected) : null,
        answer: a.answer,
        ms: performance.now() - t,
      });
    } catch (error) {
      out.set(q.id, {
        status: 'error',
        refusalReason: null,
        provider: null,
        cited: [],
        citationProblems: [],
        citesExpected: isAnswerable(q) ? false : null,
        answer: (error as Error).message,
        ms: performance.now() - t,
      });
    }
  }
  return out;
}

/* ------------------------------------------------------------------ main */

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      k: { type: 'string', default: '10' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      sweep: { type: 'string' },
      database: { type: 'string', default: process.env['EVAL_DATABASE'] ?? 'laglig_eval' },
      reindex: { type: 'boolean', default: false },
      /** Do not write results/<date>.json (the test run's regression gate). */
      'no-write': { type: 'boolean', default: false },
      questions: { type: 'string', default: join(EVAL_DIR, 'questions.jsonl') },
      'min-recall5': { type: 'string' },
      'min-recall10': { type: 'string' },
      'min-mrr': { type: 'string' },
      'min-refusal': { type: 'string' },
      'max-false-refusal': { type: 'string' },
      'min-citation-validity': { type: 'string' },
    },
    strict: true,
  });
  process.env['LOG_LEVEL'] ??= 'silent';
  const k = Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new Error('--k must be an integer 1..50');
  const depth = Math.max(k, 10);
  const json = values.json === true;
  const out = (s = ''): void => {
    if (!json) console.log(s);
  };
  const log = (s: string): void => {
    if (!json) console.log(s);
    else console.error(s);
  };
  const startedAt = new Date();

  // 1. The question set and the anchors it expects.
  let questions = loadQuestions(values.questions as string);
  const sfsNumbers = bundledSfsNumbers(CORPUS);
  const laws = new Map(sfsNumbers.map((sfs) => [sfs, bundledLawDocument(sfs, CORPUS)]));
  const problems = checkExpectedAnchors(questions, laws);
  if (problems.length) {
    console.error(`The question set is invalid (${problems.length} problems):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return 2;
  }
  if (values.only) {
    const ids = new Set(values.only.split(',').map((s) => s.trim()));
    const unknown = [...ids].filter((id) => !questions.some((q) => q.id === id));
    if (unknown.length) throw new Error(`--only: unknown question id(s) ${unknown.join(', ')}`);
    questions = questions.filter((q) => ids.has(q.id));
  }
  const answerable = questions.filter(isAnswerable);
  const unanswerable = questions.filter((q) => !isAnswerable(q));
  log(
    `eval: ${questions.length} questions (${answerable.length} answerable, ${unanswerable.length} unanswerable), ` +
      `${laws.size} bundled statutes, every expected anchor checked against the parsed statutes`,
  );

  // 2. Scratch database and index.
  const embeddings = createEmbeddingProvider();
  const cluster = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = values.database as string;
  let dataSource = await openDatabase(cluster, database, values.reindex === true, log);
  try {
    if (!(await vectorsAreCurrent(dataSource, embeddings, laws))) {
      log(`stored vectors of ${embeddings.id} differ from a fresh embedding of the same text: re-indexing from scratch`);
      await dataSource.destroy();
      dataSource = await openDatabase(cluster, database, true, log);
    }
    const index = await ensureIndexed(dataSource, embeddings, laws, log);
    log(
      `index: ${database}, ${index.laws} laws, ${index.chunks} chunks, ${embeddings.id}; ` +
        (index.reindexed.length ? `${index.reindexed.length} laws (re)indexed in ${(index.durationMs / 1000).toFixed(1)} s` : 'unchanged, nothing re-indexed'),
    );

    // 3. Retrieval (the pipeline's own RetrievalService when the answer pipeline exists).
    let pipeline: { retrieval: RetrievalLike; answers: AnswersLike } | null = null;
    if (existsSync(PIPELINE_FILE)) {
      const mod = require(PIPELINE_FILE) as { createAnswerPipeline?: CreateAnswerPipeline };
      if (typeof mod.createAnswerPipeline === 'function') pipeline = mod.createAnswerPipeline({ dataSource, embeddings, chatModel: null, redis: null });
      else log(`${relative(ROOT, PIPELINE_FILE)} exists but does not export createAnswerPipeline: answer metrics skipped`);
    } else {
      log(`${relative(ROOT, PIPELINE_FILE)} does not exist yet: retrieval metrics only`);
    }
    let retrieval: RetrievalLike;
    if (pipeline) retrieval = pipeline.retrieval;
    else {
          retrieval = new RetrievalService(dataSource, embeddings, null);
    }
    const excerptCount = Number(pipeline?.answers.config?.CHAT_EXCERPTS ?? 6);

    const retrievalOutcomes = new Map<string, RetrievalOutcome>();
    for (const q of answerable) {
      const t = performance.now();
      const { hits } = unwrap(await retrieval.search({ query: q.question, k: depth }));
      const ms = performance.now() - t;
      const evidence = pipeline?.answers.evidenceFor
        ? pipeline.answers.evidenceFor(q.question, hits.slice(0, excerptCount).map((hit, i) => ({ n: i + 1, hit }))).score
        : null;
      const rank = firstRelevantRank(hits.slice(0, k), q.expected);
      let deep: RetrievalOutcome['deep'] = null;
      if (rank === null) {
        const wide = unwrap(await retrieval.search({ query: q.question, k: 50 })).hits;
        const at = firstRelevantRank(wide, q.expected);
        const hit = at === null ? undefined : wide[at - 1];
        if (at !== null && hit) deep = { rank: at, fullTextRank: hit.fullTextRank, vectorRank: hit.vectorRank };
      }
      retrievalOutcomes.set(q.id, {
        rank,
        deep,
        top: hits.slice(0, k).map((h) => ({ sfs: h.sfs, anchor: h.anchor, label: h.label, score: Math.round(h.score * 10_000) / 10_000 })),
        evidence,
        ms,
      });
    }
    const ranksOf = (qs: readonly AnswerableQuestion[]) => qs.map((q) => retrievalOutcomes.get(q.id)?.rank ?? null);
    const retrievalOverall = retrievalFigures(ranksOf(answerable));
    const retrievalByArea = Object.fromEntries(
      AREAS.map((area) => [area, retrievalFigures(ranksOf(answerable.filter((q) => q.area === area)))] as const).filter(([, f]) => f.questions > 0),
    ) as Record<string, RetrievalFigures>;
    const recallAtK = k === 10 ? null : ratio(answerable.filter((q) => retrievalOutcomes.get(q.id)?.rank != null).length, answerable.length);

    // 4. Answers.
    let answerOutcomes: Map<string, AnswerOutcome> | null = null;
    let answersOverall: AnswerFigures | null = null;
    const answersByGroup: Record<string, AnswerFigures> = {};
    const sweep: Array<{ threshold: number; figures: AnswerFigures }> = [];
    const minEvidence = pipeline?.answers.config?.CHAT_MIN_EVIDENCE ?? null;
    if (pipeline) {
      const answers = pipeline.answers;
      answerOutcomes = await askAll(answers, questions);
      answersOverall = answerFigures(questions, answerOutcomes);
      for (const area of AREAS) {
        const qs = answerable.filter((q) => q.area === area);
        if (qs.length) answersByGroup[area] = answerFigures(qs, answerOutcomes);
      }
      for (const kind of UNANSWERABLE_KINDS) {
        const qs = unanswerable.filter((q) => !isAnswerable(q) && q.kind === kind);
        if (qs.length) answersByGroup[kind] = answerFigures(qs, answerOutcomes);
      }
      if (values.sweep) {
        if (!answers.config || typeof answers.config.CHAT_MIN_EVIDENCE !== 'number') log('--sweep: the answer service has no config.CHAT_MIN_EVIDENCE; skipped');
        else {
          const saved = answers.config;
          try {
            for (const threshold of values.sweep.split(',').map(Number)) {
              if (!Number.isFinite(threshold)) throw new Error(`--sweep: "${values.sweep}" is not a list of numbers`);
              answers.config = { ...saved, CHAT_MIN_EVIDENCE: threshold };
              sweep.push({ threshold, figures: answerFigures(questions, await askAll(answers, questions)) });
            }
          } finally {
            answers.config = saved;
          }
        }
      }
    }

    // 5. Report.
    const provider = `${pipeline?.answers.provider ?? 'retrieval-only'}-${embeddings.id}`;
    const retrievalMs = [...retrievalOutcomes.values()].map((o) => o.ms);
    const answerMs = answerOutcomes ? [...answerOutcomes.values()].map((o) => o.ms) : [];

    out();
    out(`Retrieval, top ${k}${k === 10 ? '' : ` (Recall@${k} ${pct(recallAtK as number)}; R@10/MRR@10 over the top ${depth})`} — ${embeddings.id}, median ${median(retrievalMs).toFixed(1)} ms per search`);
    out(
      table(
        ['area', 'questions', 'Recall@5', 'Recall@10', 'MRR@10'],
        [
          ...Object.entries(retrievalByArea).map(([area, f]) => [area, String(f.questions), pct(f.recallAt5), pct(f.recallAt10), num(f.mrrAt10)]),
          ['overall', String(retrievalOverall.questions), pct(retrievalOverall.recallAt5), pct(retrievalOverall.recallAt10), num(retrievalOverall.mrrAt10)],
        ],
      ),
    );

    if (answersOverall && answerOutcomes) {
      out();
      out(
        `Answers — provider ${pipeline?.answers.provider ?? '?'}, CHAT_MIN_EVIDENCE ${minEvidence ?? '?'}, ${excerptCount} excerpts, median ${median(answerMs).toFixed(1)} ms per answer`,
      );
      const rows = Object.entries(answersByGroup).map(([group, f]) =>
        f.answerable > 0
          ? [group, String(f.answerable), String(f.answered), pct(f.falseRefusalRate), pct(f.citesExpectedRate), '', pct(f.citationValidity)]
          : [group, String(f.unanswerable), String(f.answeredTotal), '', '', pct(f.refusalRate), pct(f.citationValidity)],
      );
      out(
        table(
          ['group', 'questions', 'answered', 'false refusal', 'cites expected', 'refused', 'citations valid'],
          [
            ...rows,
            ['answerable', String(answersOverall.answerable), String(answersOverall.answered), pct(answersOverall.falseRefusalRate), pct(answersOverall.citesExpectedRate), '', ''],
            ['unanswerable', String(answersOverall.unanswerable), String(answersOverall.unanswerable - answersOverall.refusedUnanswerable), '', '', pct(answersOverall.refusalRate), ''],
          ],
        ),
      );
      out(
        `Citation validity ${pct(answersOverall.citationValidity)} (${answersOverall.citationValid}/${answersOverall.answeredTotal} answered answers); ` +
          `answers citing an expected section: ${pct(answersOverall.citesExpectedRate)} of answered, ${pct(answersOverall.citesExpectedOverall)} of all answerable` +
          (answersOverall.errors ? `; ${answersOverall.errors} errors` : ''),
      );
      if (sweep.length) {
        out();
        out('CHAT_MIN_EVIDENCE sweep');
        out(
          table(
            ['threshold', 'refusal (unanswerable)', 'false refusal', 'cites expected (answerable)', 'citations valid'],
            sweep.map(({ threshold, figures: f }) => [String(threshold), pct(f.refusalRate), pct(f.falseRefusalRate), pct(f.citesExpectedOverall), pct(f.citationValidity)]),
          ),
        );
      }
    }

    const misses = answerable.filter((q) => retrievalOutcomes.get(q.id)?.rank == null);
    const fmtTop = (o: RetrievalOutcome | undefined, n: number) => (o?.top ?? []).slice(0, n).map((h) => `${h.sfs} ${h.anchor}`).join(', ');
    out();
    out(`Retrieval misses (no expected section in the top ${k}): ${misses.length}`);
    for (const q of misses) {
      const o = retrievalOutcomes.get(q.id);
      out(`  ${q.id.padEnd(7)} ${q.question}`);
      const deep = o?.deep
        ? `rank ${o.deep.rank} of 50 (full text #${o.deep.fullTextRank ?? '-'}, vector #${o.deep.vectorRank ?? '-'})`
        : 'not in the top 50';
      out(`          expected ${q.expected.map((e) => `${e.sfs} ${e.anchor}`).join(' | ')}: ${deep}; top 3: ${fmtTop(o, 3)}`);
    }
    const late = answerable.filter((q) => {
      const r = retrievalOutcomes.get(q.id)?.rank;
      return r != null && r > 5;
    });
    if (late.length) {
      out(`Found only below rank 5: ${late.map((q) => `${q.id} (#${retrievalOutcomes.get(q.id)?.rank})`).join(', ')}`);
    }
    if (answerOutcomes) {
      const falseRefusals = answerable.filter((q) => answerOutcomes?.get(q.id)?.status !== 'answered');
      const wrongAnswers = unanswerable.filter((q) => answerOutcomes?.get(q.id)?.status === 'answered');
      const offTarget = answerable.filter((q) => answerOutcomes?.get(q.id)?.status === 'answered' && !answerOutcomes?.get(q.id)?.citesExpected);
      const invalid = questions.filter((q) => (answerOutcomes?.get(q.id)?.citationProblems.length ?? 0) > 0);
      out();
      out(`Answerable questions refused: ${falseRefusals.length}`);
      for (const q of falseRefusals) {
        const a = answerOutcomes.get(q.id);
        const r = retrievalOutcomes.get(q.id);
        out(
          `  ${q.id.padEnd(7)} ${a?.status}/${a?.refusalReason ?? '-'} evidence ${r?.evidence == null ? '-' : r.evidence.toFixed(2)}, ` +
            `expected at rank ${r?.rank ?? '-'}: ${q.question}`,
        );
      }
      out(`Unanswerable questions answered: ${wrongAnswers.length}`);
      for (const q of wrongAnswers) {
        const a = answerOutcomes.get(q.id);
        out(`  ${q.id.padEnd(7)} (${isAnswerable(q) ? '' : q.kind}) cited ${(a?.cited ?? []).map((c) => `${c.sfs} ${c.anchor}`).join(', ')}: ${q.question}`);
      }
      out(`Answered without citing an expected section: ${offTarget.length}`);
      for (const q of offTarget) {
        const a = answerOutcomes.get(q.id);
        out(`  ${q.id.padEnd(7)} cited ${(a?.cited ?? []).map((c) => `${c.sfs} ${c.anchor}`).join(', ')}; expected ${q.expected.map((e) => `${e.sfs} ${e.anchor}`).join(' | ')}`);
      }
      if (invalid.length) {
        out(`Invalid citations: ${invalid.length}`);
        for (const q of invalid) out(`  ${q.id.padEnd(7)} ${answerOutcomes.get(q.id)?.citationProblems.join('; ')}`);
      }
    }
    if (values.only) {
      for (const q of questions) {
        out();
        out(`${q.id}: ${q.question}`);
        const r = retrievalOutcomes.get(q.id);
        if (r) r.top.forEach((h, i) => out(`  #${String(i + 1).padStart(2)} ${h.sfs.padEnd(10)} ${h.anchor.padEnd(14)} ${h.label.padEnd(28)} ${h.score.toFixed(4)}`));
        const a = answerOutcomes?.get(q.id);
        if (a) out(`  → ${a.status}${a.refusalReason ? ` (${a.refusalReason})` : ''}: ${a.answer.replace(/\s+/g, ' ').slice(0, 600)}`);
      }
    }

    const roundFigures = <T extends object>(f: T): T =>
      Object.fromEntries(Object.entries(f).map(([key, v]) => [key, typeof v === 'number' && !Number.isInteger(v) ? round(v) : v])) as T;
    const report = {
      evaluation: 'rag-eval',
      startedAt: startedAt.toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100), gitCommit: gitCommit() },
      parameters: {
        k,
        database,
        embeddingModel: embeddings.id,
        answerProvider: pipeline?.answers.provider ?? null,
        chatMinEvidence: minEvidence,
        chatExcerpts: excerptCount,
        only: values.only ?? null,
        questions: { file: relative(ROOT, resolve(values.questions as string)), total: questions.length, answerable: answerable.length, unanswerable: unanswerable.length },
      },
      index: { laws: laws.size },
      retrieval: {
        overall: roundFigures(retrievalOverall),
        recallAtK: recallAtK === null ? null : round(recallAtK),
        byArea: Object.fromEntries(Object.entries(retrievalByArea).map(([a, f]) => [a, roundFigures(f)])),
        medianSearchMs: round(median(retrievalMs)),
      },
      answers: answersOverall
        ? {
            overall: roundFigures(answersOverall),
            byGroup: Object.fromEntries(Object.entries(answersByGroup).map(([g, f]) => [g, roundFigures(f)])),
            medianAnswerMs: round(median(answerMs)),
            sweep: sweep.map((s) => ({ threshold: s.threshold, figures: roundFigures(s.figures) })),
          }
        : null,
      questions: questions.map((q) => {
        const r = retrievalOutcomes.get(q.id);
        const a = answerOutcomes?.get(q.id);
        return {
          id: q.id,
          question: q.question,
          ...(isAnswerable(q) ? { area: q.area, expected: q.expected } : { kind: q.kind }),
          retrieval: r ? { rank: r.rank, deepRank: r.deep, evidence: r.evidence === null ? null : round(r.evidence), top: r.top } : null,
          answer: a
            ? { status: a.status, refusalReason: a.refusalReason, cited: a.cited, citesExpected: a.citesExpected, citationProblems: a.citationProblems, text: a.answer }
            : null,
        };
      }),
    };
    if (json) console.log(JSON.stringify(report, null, 2));
    if (!values.only && !values['no-write']) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      // A run on another question file is told apart by the file's name: <date>-questions-holdout-<provider>.json.
      const set = resolve(values.questions as string) === resolve(EVAL_DIR, 'questions.jsonl') ? '' : `${slug(basename(values.questions as string, '.jsonl'))}-`;
      const file = join(RESULTS_DIR, `${stamp(startedAt)}-${set}${slug(provider)}.json`);
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      log(`\nwrote ${relative(ROOT, file)}`);
    }

    // Gates.
    const gates: Array<[string, string | undefined, number | null, 'min' | 'max']> = [
      ['Recall@5', values['min-recall5'], retrievalOverall.recallAt5, 'min'],
      ['Recall@10', values['min-recall10'], retrievalOverall.recallAt10, 'min'],
      ['MRR@10', values['min-mrr'], retrievalOverall.mrrAt10, 'min'],
      ['refusal rate', values['min-refusal'], answersOverall?.refusalRate ?? null, 'min'],
      ['false-refusal rate', values['max-false-refusal'], answersOverall?.falseRefusalRate ?? null, 'max'],
      ['citation validity', values['min-citation-validity'], answersOverall?.citationValidity ?? null, 'min'],
    ];
    let failed = false;
    for (const [name, limit, value, kind] of gates) {
      if (limit === undefined) continue;
      const bound = Number(limit);
      const ok = value !== null && Number.isFinite(value) && (kind === 'min' ? value >= bound : value <= bound);
      if (!ok) {
        failed = true;
        console.error(`gate missed: ${name} ${value === null ? 'not measured' : num(value)} ${kind === 'min' ? '<' : '>'} ${bound}`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
