// The rag app declares its untyped dependency in its own types folder, which
// scripts/bench/tsconfig.json does not include; the benchmarks import rag's code.
import '../../../apps/rag/src/types/snowball-stemmers';
