#!/usr/bin/env bash
# Makes the compiled public API (.jsii, from `npx jsii`) the compatibility baseline in api/baseline/: run at a
# release, together with emptying .compatignore (see CONTRIBUTING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p api/baseline
cp .jsii api/baseline/assembly.json
# jsii-diff loads the baseline's dependencies (from this project's node_modules) through its package.json.
node -e '
  const fs = require("fs");
  const asm = JSON.parse(fs.readFileSync("api/baseline/assembly.json", "utf8"));
  const pkg = {
    name: asm.name,
    version: asm.version,
    private: true,
    description: "The public API the compatibility check compares against (see CONTRIBUTING.md); not a package.",
    types: "lib/index.d.ts",
    jsii: { outdir: "dist", targets: {} },
    peerDependencies: asm.dependencies ?? {},
  };
  fs.writeFileSync("api/baseline/package.json", JSON.stringify(pkg, null, 2) + "\n");
'
