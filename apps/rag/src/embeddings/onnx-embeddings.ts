import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { EmbeddingKind, EmbeddingProvider } from './embedding-provider';

export type OnnxPooling = 'mean' | 'cls';

export interface OnnxEmbeddingOptions {
  /** A folder in the Hugging Face layout: config.json, tokenizer.json (+ tokenizer_config.json), onnx/<file>. */
  path: string;
  /** The model's output size; must equal the index column's (checked against config.json and the first output). */
  dimension: number;
  /** The model file inside onnx/ ("model.onnx", "model_quantized.onnx"). */
  file: string;
  pooling: OnnxPooling;
  /** Prepended to questions and to passages: e5 models expect "query: " and "passage: ". */
  queryPrefix: string;
  passagePrefix: string;
  batchSize: number;
}

/** What transformers.js's feature-extraction pipeline gives back (a Tensor), as far as used here. */
interface FeatureTensor {
  dims: number[];
  tolist(): number[][];
}
type FeatureExtractor = (texts: string[], options: { pooling: OnnxPooling; normalize: boolean }) => Promise<FeatureTensor>;

/**
 * Optional provider (`EMBEDDINGS_PROVIDER=onnx`): a sentence-embedding model
 * the user provides as ONNX files in a local folder, run in-process by
 * transformers.js (`@huggingface/transformers`) on onnxruntime-node's CPU
 * backend. Nothing is downloaded: remote models are switched off and only
 * the folder is read. A multilingual model with 384 outputs fits the index
 * column as is (multilingual-e5-small, paraphrase-multilingual-MiniLM-L12-v2).
 *
 * The id recorded on every chunk names the folder, a digest of what decides
 * the vectors (model file, tokenizer, pooling, prefixes) and the dimension:
 * other weights in the same folder are another model, and the rag service
 * re-embeds the corpus as a job (index-jobs) instead of mixing vectors.
 * The library is loaded on first use, so the default providers never load it.
 */
export class OnnxEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimension: number;
  private extractor: Promise<FeatureExtractor> | null = null;

  constructor(private readonly options: OnnxEmbeddingOptions) {
    this.dimension = options.dimension;
    const folder = resolve(options.path);
    const files = checkFolder(folder, options.file);
    const configured = hiddenSize(files.config);
    if (configured !== null && configured !== options.dimension) {
      throw new Error(`the ONNX model in ${folder} gives ${configured} dimensions (config.json hidden_size) but EMBEDDINGS_DIMENSIONS is ${options.dimension}`);
    }
    const digest = createHash('sha256');
    digest.update(fileDigest(files.model)).update(readFileSync(files.tokenizer));
    digest.update(JSON.stringify([options.pooling, options.queryPrefix, options.passagePrefix]));
    this.id = `onnx:${basename(folder)}:${digest.digest('hex').slice(0, 12)}:${options.dimension}`;
  }

  async embed(texts: string[], kind: EmbeddingKind = 'passage'): Promise<number[][]> {
    if (texts.length === 0) return [];
    const extract = await this.load();
    const prefix = kind === 'query' ? this.options.queryPrefix : this.options.passagePrefix;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.options.batchSize) {
      const batch = texts.slice(i, i + this.options.batchSize).map((t) => prefix + t);
      const tensor = await extract(batch, { pooling: this.options.pooling, normalize: true });
      const width = tensor.dims[tensor.dims.length - 1];
      if (width !== this.dimension) {
        throw new Error(`the ONNX model in ${this.options.path} gave ${width} dimensions but EMBEDDINGS_DIMENSIONS is ${this.dimension}`);
      }
      out.push(...tensor.tolist());
    }
    return out;
  }

  private load(): Promise<FeatureExtractor> {
    this.extractor ??= (async () => {
      const { env, pipeline } = await import('@huggingface/transformers');
      const folder = resolve(this.options.path);
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = `${dirname(folder)}/`;
      const extractor = await pipeline('feature-extraction', basename(folder), {
        local_files_only: true,
        subfolder: 'onnx',
        model_file_name: this.options.file.replace(/\.onnx$/, ''),
        // The suffix transformers.js appends for a precision; the file named above is taken as is.
        dtype: 'fp32',
        device: 'cpu',
      });
      return (texts, options) => extractor(texts, options) as Promise<FeatureTensor>;
    })();
    // A failed load (a broken file) is reported to the caller and tried again on the next call.
    this.extractor.catch(() => (this.extractor = null));
    return this.extractor;
  }
}

function checkFolder(folder: string, file: string): { config: string; tokenizer: string; model: string } {
  if (!/^[\w.-]+\.onnx$/.test(file)) throw new Error(`EMBEDDINGS_ONNX_FILE must be a file name inside onnx/ ending in .onnx, got "${file}"`);
  const files = { config: join(folder, 'config.json'), tokenizer: join(folder, 'tokenizer.json'), model: join(folder, 'onnx', file) };
  const missing = Object.values(files).filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`EMBEDDINGS_ONNX_PATH=${folder} is not a model folder: missing ${missing.map((f) => f.slice(folder.length + 1)).join(', ')}`);
  }
  return files;
}

function hiddenSize(configFile: string): number | null {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { hidden_size?: unknown; dim?: unknown };
  const size = config.hidden_size ?? config.dim;
  return typeof size === 'number' ? size : null;
}

/** SHA-256 of a (possibly large) file, read in 4 MiB pieces at boot. */
function fileDigest(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(4 << 20);
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    for (let read = 0; read < size; ) {
      const n = readSync(fd, buffer, 0, buffer.length, read);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
