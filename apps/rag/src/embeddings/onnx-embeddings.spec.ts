/**
 * @jest-environment ./src/testing/onnx-jest-environment.cjs
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingsConfigSchema } from './embedding-provider';
import { createEmbeddingProvider } from './embeddings.factory';
import { OnnxEmbeddingProvider, type OnnxEmbeddingOptions } from './onnx-embeddings';
import { writeTinyOnnxModel, type TinyOnnxModel } from '../testing/tiny-onnx-model';

/** The pooled, L2-normalised vector of the given tokens, computed by hand from the model's table. */
function expected(model: TinyOnnxModel, tokens: string[]): number[] {
  const rows = tokens.map((t) => {
    const id = model.vocab.get(t);
    if (id === undefined) throw new Error(`no token ${t}`);
    return model.row(id);
  });
  const mean = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const norm = Math.hypot(...mean);
  return mean.map((x) => x / norm);
}

function expectClose(actual: number[], wanted: number[]): void {
  expect(actual).toHaveLength(wanted.length);
  expect(Math.max(...actual.map((x, i) => Math.abs(x - wanted[i])))).toBeLessThan(1e-5);
}

/** The real transformers.js + onnxruntime-node path, on a model written for the test (no download). */
describe('OnnxEmbeddingProvider', () => {
  let dir: string;
  let model: TinyOnnxModel;
  const options = (over: Partial<OnnxEmbeddingOptions> = {}): OnnxEmbeddingOptions => ({
    path: model.folder,
    file: 'model.onnx',
    dimension: 384,
    pooling: 'mean',
    queryPrefix: '',
    passagePrefix: '',
    batchSize: 16,
    ...over,
  });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'laglig-onnx-'));
    model = writeTinyOnnxModel(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the model on the CPU and mean-pools the tokens into a unit vector', async () => {
    const provider = new OnnxEmbeddingProvider(options());
    const [v] = await provider.embed(['Semester']);
    expectClose(v, expected(model, ['[CLS]', 'semester', '[SEP]']));
    // A word outside the vocabulary is split into WordPiece pieces.
    const [w] = await provider.embed(['lön']);
    expectClose(w, expected(model, ['[CLS]', 'l', '##ö', '##n', '[SEP]']));
  }, 30_000);

  it('gives a text the same vector alone and in a padded batch, in order, across batches', async () => {
    const provider = new OnnxEmbeddingProvider(options({ batchSize: 2 }));
    const texts = ['semester', 'arbetsmiljö skyddsombud dagar', 'lag', 'anställd arbetsgivare'];
    const batched = await provider.embed(texts);
    expect(batched).toHaveLength(4);
    for (const [i, text] of texts.entries()) expectClose(batched[i], (await provider.embed([text]))[0]);
    expect(await provider.embed([])).toEqual([]);
  }, 30_000);

  it('puts the query prefix before questions and the passage prefix before chunks', async () => {
    const provider = new OnnxEmbeddingProvider(options({ queryPrefix: 'query: ', passagePrefix: 'passage: ' }));
    const [q] = await provider.embed(['semester'], 'query');
    const [p] = await provider.embed(['semester']);
    expectClose(q, expected(model, ['[CLS]', 'query', ':', 'semester', '[SEP]']));
    expectClose(p, expected(model, ['[CLS]', 'passage', ':', 'semester', '[SEP]']));
  }, 30_000);

  it('pools the first token when told to (cls)', async () => {
    const provider = new OnnxEmbeddingProvider(options({ pooling: 'cls' }));
    const [v] = await provider.embed(['arbetsmiljö']);
    expectClose(v, expected(model, ['[CLS]']));
  }, 30_000);

  it('names the folder, a digest of what decides the vectors, and the dimension in its id', () => {
    const id = new OnnxEmbeddingProvider(options()).id;
    expect(id).toMatch(/^onnx:tiny-encoder:[0-9a-f]{12}:384$/);
    expect(new OnnxEmbeddingProvider(options()).id).toBe(id);
    expect(new OnnxEmbeddingProvider(options({ queryPrefix: 'query: ' })).id).not.toBe(id);
    expect(new OnnxEmbeddingProvider(options({ pooling: 'cls' })).id).not.toBe(id);
    // Other weights under the same folder name are another model: the corpus is re-embedded, not mixed.
    const other = writeTinyOnnxModel(join(dir, 'other'), 'tiny-encoder', { seed: 2 });
    expect(new OnnxEmbeddingProvider(options({ path: other.folder })).id).not.toBe(id);
  });

  it('is chosen by configuration and refuses a folder that is not a model, or the wrong dimension', () => {
    const config = (env: Record<string, string>) => EmbeddingsConfigSchema.parse({ EMBEDDINGS_PROVIDER: 'onnx', ...env });
    expect(createEmbeddingProvider(config({ EMBEDDINGS_ONNX_PATH: model.folder })).id).toMatch(/^onnx:tiny-encoder:/);
    expect(() => config({})).toThrow(/EMBEDDINGS_ONNX_PATH/);
    expect(() => createEmbeddingProvider(config({ EMBEDDINGS_ONNX_PATH: join(dir, 'nothing') }))).toThrow(
      /is not a model folder: missing config\.json, tokenizer\.json, onnx\/model\.onnx/,
    );
    expect(() => createEmbeddingProvider(config({ EMBEDDINGS_ONNX_PATH: model.folder, EMBEDDINGS_ONNX_FILE: '../model.onnx' }))).toThrow(/file name inside onnx\//);
    const small = writeTinyOnnxModel(join(dir, 'small'), 'small-encoder', { dimension: 16 });
    expect(() => createEmbeddingProvider(config({ EMBEDDINGS_ONNX_PATH: small.folder }))).toThrow(/gives 16 dimensions \(config\.json hidden_size\) but EMBEDDINGS_DIMENSIONS is 384/);
  });

  it('rejects output of another width when config.json does not say it, and a broken model file, with a clear error', async () => {
    const unsized = writeTinyOnnxModel(join(dir, 'unsized'), 'unsized-encoder', { dimension: 16 });
    writeFileSync(join(unsized.folder, 'config.json'), JSON.stringify({ model_type: 'bert' }));
    await expect(new OnnxEmbeddingProvider(options({ path: unsized.folder })).embed(['semester'])).rejects.toThrow(/gave 16 dimensions but EMBEDDINGS_DIMENSIONS is 384/);

    const broken = writeTinyOnnxModel(join(dir, 'broken'), 'broken-encoder');
    const file = join(broken.folder, 'onnx', 'model.onnx');
    unlinkSync(file);
    writeFileSync(file, 'not a model');
    const provider = new OnnxEmbeddingProvider(options({ path: broken.folder }));
    await expect(provider.embed(['semester'])).rejects.toThrow();
    // The failed load is not kept: once the file is fixed, the next call loads it.
    writeTinyOnnxModel(join(dir, 'broken'), 'broken-encoder');
    await expect(provider.embed(['semester'])).resolves.toHaveLength(1);
  }, 30_000);
});
