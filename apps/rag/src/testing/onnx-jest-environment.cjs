// Jest runs each test file in its own VM context, whose typed-array
// constructors differ from the ones onnxruntime-node's native binding creates
// (in the main context): onnxruntime-common's `data instanceof Float32Array`
// then fails. Specs that run an ONNX model use this environment (docblock
// `@jest-environment ./src/testing/onnx-jest-environment.cjs`), which hands the
// test context the main context's typed arrays. The product is unaffected: it
// runs in one context.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxEnvironment;
