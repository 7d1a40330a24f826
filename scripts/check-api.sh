#!/usr/bin/env bash
# Compares the compiled public API (.jsii, from `npx jsii`) with the last release's: the newest version of the package
# on npm once one is published, else the baseline in api/baseline/ (see CONTRIBUTING.md).
# The baseline is kept as assembly.json, not .jsii, because jsii-docgen documents every .jsii below the project and
# would otherwise write the baseline's API into API.md; jsii-diff reads it from a scratch package directory that
# resolves the baseline's dependencies from this project's node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$(node -p 'require("./package.json").name')"
if released="$(npm view "$name" version 2>/dev/null)" && [ -n "$released" ]; then
  echo "API compatibility: against $name@$released, the last release"
  exec npx jsii-diff "npm:$name@$released" . --error-on all --ignore-file .compatignore "$@"
fi
echo "API compatibility: nothing published yet, against api/baseline/"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp api/baseline/assembly.json "$scratch/.jsii"
cp api/baseline/package.json "$scratch/package.json"
ln -s "$PWD/node_modules" "$scratch/node_modules"
npx jsii-diff "$scratch" . --error-on all --ignore-file .compatignore "$@"
