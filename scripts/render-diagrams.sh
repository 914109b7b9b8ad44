#!/usr/bin/env bash
# Renders one architecture picture per integ app from its synthesized construct tree
# (cdk.out/integ.<name>/tree.json, written by `npx projen synth:integ`) into
# docs/diagrams/<name>.png, with cdk-dia and Graphviz's `dot`. The integ-tests assertion stacks
# are left out: they hold the test harness, not the pattern.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dot >/dev/null || { echo "Graphviz is missing: apt-get install graphviz" >&2; exit 1; }
mkdir -p docs/diagrams
for tree in cdk.out/integ.*/tree.json; do
  dir=$(dirname "$tree")
  name=$(basename "$dir")
  name=${name#integ.}
  mapfile -t stacks < <(node -e '
    const m = require(require("path").resolve(process.argv[1], "manifest.json"));
    for (const [id, a] of Object.entries(m.artifacts)) {
      if (a.type === "aws:cloudformation:stack" && !id.includes("DeployAssert")) console.log(a.displayName ?? id);
    }' "$dir")
  npx cdk-dia --tree "$tree" --target "docs/diagrams/${name}.png" --include "${stacks[@]}" >/dev/null
  echo "docs/diagrams/${name}.png"
done
