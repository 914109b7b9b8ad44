#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# examples/bindings/check.sh: proves that the Python and Java bindings work, by
# synthesizing the same reference app written in TypeScript, Python and Java and
# failing unless the three CloudFormation templates are identical.
#
#   1. self-test: the template comparison really fails on differing templates;
#   2. packages the library for Python and Java with jsii-pacmak
#      (npx projen package:python, npx projen package:java), from lib/ and .jsii
#      as the last compile left them;
#   3. TypeScript: runs typescript/app.ts with ts-node (type-checked) against the
#      compiled library;
#   4. Python: a new virtual environment (.venv) with the wheel from dist/python
#      and python/requirements.txt (aws-cdk-lib, constructs, Solutions
#      Constructs, pinned) from PyPI; runs python/app.py;
#   5. Java: installs the jar from dist/java into the local Maven repository,
#      then builds and runs java/ (aws-cdk-lib from Maven Central) with Maven;
#   6. compares the three templates as parsed JSON (compare-templates.js; asset
#      hashes included: they are the same in all three), checks that the app is
#      the one described (assert-app-template.js), and that all three used the
#      same aws-cdk-lib version.
#
# Each app writes its cloud assembly to cdk.out/<language>/ (CDK_OUTDIR; no CDK
# CLI needed). Nothing is reused from an earlier run: the virtual environment is
# made anew and the library's jar is reinstalled every time.
#
# Usage:  bash examples/bindings/check.sh       (from anywhere)
# Needs:  a compiled library (.jsii, lib/ and assets/ from `npx projen compile`),
#         node_modules (npm ci), python3 with venv, java 11+ and mvn, and PyPI and
#         Maven Central (Solutions Constructs Java artifacts are built locally by
#         scripts/install-solutions-constructs-java.sh, run by package:java).
# Env:    BINDINGS_SKIP_PACKAGE=1  reuse dist/python and dist/java as they are
#                                  (only for iterating on the apps)
# -----------------------------------------------------------------------------
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

OUT="$HERE/cdk.out"
VENV="$HERE/.venv"
WHEEL_GLOB="dist/python/cdk_streaming_data_patterns-*-py3-none-any.whl"
JAVA_DIST="dist/java/io/github/streamingdatapatterns/cdk-streaming-data-patterns"
TS_APP_MODULES="$HERE/typescript/node_modules"

# A deprecated aws-cdk-lib API used by the library or an app fails the check (it would print a
# warning on every synth of a user's app).
export JSII_DEPRECATED=fail
MVN=(mvn --batch-mode --quiet -Dstyle.color=never)

log() { echo "[bindings] $*"; }
now() { date +%s.%N; }
TIMINGS=()
START_ALL="$(now)"

# step NAME COMMAND...: runs one step, records its time, stops the check when it fails.
step() {
  local name="$1"; shift
  local t0 t1 status=0
  log "--- ${name}"
  t0="$(now)"
  "$@" || status=$?
  t1="$(now)"
  TIMINGS+=("$(awk -v n="$name" -v a="$t0" -v b="$t1" 'BEGIN { printf "%-34s %6.1f s", n, b - a }')")
  if [ "$status" -ne 0 ]; then
    log "FAILED: ${name} (exit ${status})"
    summary
    echo "examples:check: FAILED"
    exit 1
  fi
}

summary() {
  echo
  log "time per step:"
  for line in "${TIMINGS[@]}"; do echo "  $line"; done
  awk -v a="$START_ALL" -v b="$(now)" 'BEGIN { printf "  %-34s %6.1f s\n", "total", b - a }'
}

self_test() {
  node --test "$HERE/compare-templates.test.js"
}

preconditions() {
  local missing=0
  for f in .jsii lib/index.js assets/processing/sample-processor.lambda/index.js node_modules/.bin/jsii-pacmak; do
    if [ ! -e "$f" ]; then log "missing: $f"; missing=1; fi
  done
  for tool in python3 java mvn; do
    command -v "$tool" >/dev/null || { log "missing on PATH: $tool"; missing=1; }
  done
  if [ "$missing" -ne 0 ]; then
    log "compile the library first: npm ci && npx projen compile"
    return 1
  fi
  # A warning only: another compile may be on its way.
  local newer
  newer="$(find src -name '*.ts' -newer .jsii | head -n 3)"
  if [ -n "$newer" ]; then
    log "WARNING: .jsii is older than some sources (e.g. ${newer//$'\n'/, }); the bindings are built from .jsii"
  fi
}

package() {
  if [ "${BINDINGS_SKIP_PACKAGE:-0}" = "1" ]; then
    log "BINDINGS_SKIP_PACKAGE=1: using dist/python and dist/java as they are"
    return 0
  fi
  npx projen package:python
  npx projen package:java
}

synth_typescript() {
  # The app imports 'cdk-streaming-data-patterns' as a user's app does; here that name is this
  # repository (its package.json points at lib/), linked the way npm links a local package.
  mkdir -p "$TS_APP_MODULES"
  ln -sfn ../../../.. "$TS_APP_MODULES/cdk-streaming-data-patterns"
  CDK_OUTDIR="$OUT/typescript" node_modules/.bin/ts-node \
    --project "$HERE/typescript/tsconfig.json" "$HERE/typescript/app.ts"
}

python_install() {
  local wheels=($WHEEL_GLOB)
  if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
    log "expected exactly one wheel matching $WHEEL_GLOB, found: ${wheels[*]}"
    return 1
  fi
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    -r "$HERE/python/requirements.txt" "${wheels[0]}"
}

synth_python() {
  CDK_OUTDIR="$OUT/python" "$VENV/bin/python" "$HERE/python/app.py"
}

java_install_library() {
  local version base
  version="$(node -p 'require("./package.json").version')"
  base="$JAVA_DIST/$version/cdk-streaming-data-patterns-$version"
  if [ ! -f "$base.jar" ] || [ ! -f "$base.pom" ]; then
    log "no $base.jar / .pom: run npx projen package:java"
    return 1
  fi
  # Reinstalled every run: Maven never re-reads a released version it already has in ~/.m2, so a
  # file repository pointing at dist/java would keep serving the first jar it copied.
  "${MVN[@]}" install:install-file -Dfile="$base.jar" -DpomFile="$base.pom"
  JAVA_PATTERNS_VERSION="$version"
}

synth_java() {
  (cd "$HERE/java" && CDK_OUTDIR="$OUT/java" "${MVN[@]}" \
    -Dpatterns.version="$JAVA_PATTERNS_VERSION" \
    compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt exec:java)
}

compare() {
  node "$HERE/compare-templates.js" \
    "typescript=$OUT/typescript" "python=$OUT/python" "java=$OUT/java"
}

assert_app() {
  node "$HERE/assert-app-template.js" "$OUT/typescript"
}

# The three templates only prove the bindings if all three apps ran on the same aws-cdk-lib.
versions() {
  local ts py java
  ts="$(node -p 'require("aws-cdk-lib/package.json").version')"
  py="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("aws-cdk-lib"))')"
  java="$(tr ':' '\n' < "$HERE/java/target/classpath.txt" | sed -nE 's#.*/aws-cdk-lib-([^/]+)\.jar$#\1#p')"
  log "aws-cdk-lib: typescript ${ts} (npm), python ${py} (PyPI), java ${java} (Maven Central)"
  log "jsii runtime: python $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("jsii"))'), java $(tr ':' '\n' < "$HERE/java/target/classpath.txt" | sed -nE 's#.*/jsii-runtime-([^/]+)\.jar$#\1#p')"
  if [ "$ts" != "$py" ] || [ "$ts" != "$java" ]; then
    log "the three apps ran on different aws-cdk-lib versions"
    return 1
  fi
}

rm -rf "$OUT"
step "self-test of the comparison" self_test
step "preconditions" preconditions
step "package:python + package:java" package
step "typescript: synth" synth_typescript
step "python: venv + pip install" python_install
step "python: synth" synth_python
step "java: install the library jar" java_install_library
step "java: mvn compile + synth" synth_java
step "compare the three templates" compare
step "the app is the described one" assert_app
step "same aws-cdk-lib everywhere" versions
summary
echo "examples:check: PASSED"
