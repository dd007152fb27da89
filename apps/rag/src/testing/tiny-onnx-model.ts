import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';

/**
 * A real, tiny sentence-embedding model for tests of the `onnx` provider,
 * written as ONNX files in the Hugging Face folder layout: a BERT WordPiece
 * tokenizer (tokenizer.json) and a graph that looks up one vector per token
 * (`last_hidden_state = Gather(table, input_ids)`), so transformers.js and
 * onnxruntime-node run it like any encoder and the pooled result can be
 * computed by hand. No weights are downloaded; `seed` makes other weights.
 */
export interface TinyOnnxModel {
  folder: string;
  vocab: Map<string, number>;
  /** The vector of token id i. */
  row(i: number): number[];
}

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
const WORDS = ['semester', 'dagar', 'anställd', 'arbetsmiljö', 'skyddsombud', 'arbetsgivare', 'query', 'passage', 'lag'];
const CHARACTERS = [...'abcdefghijklmnopqrstuvwxyzåäöé0123456789'];
const PUNCTUATION = [...'.,:;!?()-§'];

export function writeTinyOnnxModel(parent: string, name = 'tiny-encoder', options: { dimension?: number; seed?: number; file?: string } = {}): TinyOnnxModel {
  const dimension = options.dimension ?? 384;
  const seed = options.seed ?? 1;
  const tokens = [...SPECIAL, ...WORDS, ...CHARACTERS, ...PUNCTUATION, ...CHARACTERS.map((c) => `##${c}`)];
  const vocab = new Map(tokens.map((t, i) => [t, i]));
  // Deterministic pseudo-random rows; the padding row stays zero.
  const row = (i: number): number[] => Array.from({ length: dimension }, (_, j) => (i === 0 ? 0 : Math.sin((i + 1) * 12.9898 * seed + (j + 1) * 78.233) * 0.5));
  const table = tokens.flatMap((_, i) => row(i));
  const int64Matrix = { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] } } };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'laglig-tests',
    graph: {
      name: 'tiny-encoder',
      node: [{ opType: 'Gather', input: ['table', 'input_ids'], output: ['last_hidden_state'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] }],
      initializer: [{ name: 'table', dataType: onnx.TensorProto.DataType.FLOAT, dims: [tokens.length, dimension], floatData: table }],
      input: [
        { name: 'input_ids', type: int64Matrix },
        { name: 'attention_mask', type: int64Matrix },
      ],
      output: [
        {
          name: 'last_hidden_state',
          type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }, { dimValue: dimension }] } } },
        },
      ],
    },
  });

  const folder = join(parent, name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  writeFileSync(join(folder, 'onnx', options.file ?? 'model.onnx'), onnx.ModelProto.encode(model).finish());
  writeFileSync(join(folder, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: dimension }));
  writeFileSync(
    join(folder, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]' }),
  );
  const special = (token: string) => ({ id: vocab.get(token), content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  writeFileSync(
    join(folder, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL.map(special),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [vocab.get('[CLS]')], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [vocab.get('[SEP]')], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab) },
    }),
  );
  return { folder, vocab, row };
}
