#!/usr/bin/env bash
# Scaffolds a shared library the way every lib in libs/ is laid out.
# usage: scripts/dev/new-lib.sh <name> [tag ...]
set -euo pipefail
name=$1; shift
tags=${*:-scope:shared}
dir=libs/$name
mkdir -p "$dir/src/lib"
tagjson=$(printf '"%s",' $tags); tagjson="[${tagjson%,}]"
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "library",
  "tags": $tagjson,
  "targets": {
    "typecheck": {
      "executor": "nx:run-commands",
      "options": { "command": "tsc -p $dir/tsconfig.lib.json --noEmit && tsc -p $dir/tsconfig.spec.json --noEmit" }
    }
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "files": [],
  "include": [],
  "references": [{ "path": "./tsconfig.lib.json" }, { "path": "./tsconfig.spec.json" }]
}
JSON
cat > "$dir/tsconfig.lib.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "../../dist/out-tsc", "types": ["node"] },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/**/*.int-spec.ts", "jest.config.cts"]
}
JSON
cat > "$dir/tsconfig.spec.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "../../dist/out-tsc", "types": ["jest", "node"] },
  "include": ["jest.config.cts", "src/**/*.spec.ts", "src/**/*.int-spec.ts", "src/**/*.d.ts"]
}
JSON
cat > "$dir/jest.config.cts" <<JSON
module.exports = {
  displayName: '$name',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/$dir',
};
JSON
cat > "$dir/eslint.config.mjs" <<'JSON'
import baseConfig from '../../eslint.config.mjs';

export default [...baseConfig];
JSON
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
node -e '
const fs=require("fs");const f="tsconfig.base.json";const j=JSON.parse(fs.readFileSync(f,"utf8"));
j.compilerOptions.paths["@laglig/'"$name"'"]=["'"$dir"'/src/index.ts"];
j.compilerOptions.paths=Object.fromEntries(Object.entries(j.compilerOptions.paths).sort());
fs.writeFileSync(f,JSON.stringify(j,null,2)+"\n");'
echo "created $dir ($tags)"
