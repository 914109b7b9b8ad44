#!/usr/bin/env bash
# Renders architecture pictures from synthesized construct trees, with cdk-dia and Graphviz's
# `dot`, into docs/diagrams/:
#   - one per integ app, <app>.png, from cdk.out/integ.<app>/tree.json (`npx projen synth:integ`);
#     the integ-tests assertion stacks are left out: they hold the test harness, not the pattern;
#   - one per stack of the reference solution, solution-<stack>.png, from
#     cdk.out/solution/tree.json (`npx projen synth:solution`).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dot >/dev/null || { echo "Graphviz is missing: apt-get install graphviz" >&2; exit 1; }
mkdir -p docs/diagrams

# The stacks of a cloud assembly, without integ-tests assertion stacks.
stacks_of() {
  node -e '
    const m = require(require("path").resolve(process.argv[1], "manifest.json"));
    for (const [id, a] of Object.entries(m.artifacts)) {
      if (a.type === "aws:cloudformation:stack" && !id.includes("DeployAssert")) console.log(a.displayName ?? id);
    }' "$1"
}

render() { # <tree.json> <picture name> <stack>...
  local tree=$1 name=$2
  shift 2
  npx cdk-dia --tree "$tree" --target "docs/diagrams/${name}.png" --include "$@" >/dev/null
  # cdk-dia writes the icons' absolute paths into the .dot: keep them relative to the repository,
  # so the committed file does not depend on where the clone is.
  sed -i "s#\"${PWD}/#\"#g" "docs/diagrams/${name}.dot"
  echo "docs/diagrams/${name}.png"
}

for tree in cdk.out/integ.*/tree.json; do
  dir=$(dirname "$tree")
  name=$(basename "$dir")
  mapfile -t stacks < <(stacks_of "$dir")
  render "$tree" "${name#integ.}" "${stacks[@]}"
done

[ -f cdk.out/solution/tree.json ] || { echo "cdk.out/solution is missing: run npx projen synth:solution" >&2; exit 1; }
while read -r stack; do
  render cdk.out/solution/tree.json "solution-${stack#StreamingData-}" "$stack"
done < <(stacks_of cdk.out/solution)
