#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# install-solutions-constructs-java.sh
#
# Builds the Java (Maven) bindings of the AWS Solutions Constructs packages this
# library depends on, from the jsii assemblies (.jsii) published in their npm
# packages under node_modules/, and installs them into the local Maven
# repository (~/.m2/repository by default) under their real coordinates.
#
# Why: `jsii-pacmak --target java` (projen's package:java) compiles the
# generated Java code against the Maven artifacts of every jsii dependency.
# The Maven Central mirror reachable from this environment is partial: it
# lacks software.amazon.awsconstructs:{apigatewaykinesisstreams,
# kinesisfirehoses3} entirely and :{core,kinesisstreamslambda} at the version
# we use. The npm packages, however, carry everything needed to regenerate
# those artifacts byte-for-byte in structure: the .jsii assembly (the code
# generator's input) and the JavaScript code (embedded in the jar as the npm
# tarball that the jsii runtime loads).
#
# What it does:
#   1. reads the version from node_modules/@aws-solutions-constructs/core;
#   2. skips every artifact already installed in the local Maven repository at
#      that version (idempotent; re-running is a no-op);
#   3. copies the packages still needed into a temporary node_modules tree
#      (so nothing under the project directory is touched) with aws-cdk-lib
#      and constructs symlinked from the project's node_modules so the jsii
#      dependency assemblies resolve;
#   4. runs jsii-pacmak once over those packages; pacmak orders them
#      topologically (core first) and builds them as one Maven reactor;
#   5. installs each resulting jar, pom, sources and javadoc jar with
#      `mvn install:install-file`.
#
# Usage:  scripts/install-solutions-constructs-java.sh
# Env:    MAVEN_REPO_LOCAL   local Maven repository (default ~/.m2/repository)
#         SC_JAVA_VERBOSE=1  verbose jsii-pacmak / Maven output
#
# Note: jsii-pacmak normally builds with a throw-away Maven local repository
# of its own and so does NOT see ~/.m2. To let the project's package:java use
# the artifacts installed here, run it with
#   JSII_PACMAK_MAVEN_LOCAL_REPOSITORY="$HOME/.m2/repository"
# (the env form of pacmak's --maven-local-repository option).
# -----------------------------------------------------------------------------
set -euo pipefail

# --- locations ---------------------------------------------------------------
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MODULES="$ROOT/node_modules"
SC_SCOPE_DIR="$NODE_MODULES/@aws-solutions-constructs"
PACMAK="$NODE_MODULES/.bin/jsii-pacmak"
M2_REPO="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
# absolute, since pacmak and Maven run from the scratch dir below
M2_REPO="$(realpath -m "$M2_REPO")"

# npm package directory names (under @aws-solutions-constructs/), core first:
# the other three depend on it.
PACKAGES=(core aws-apigateway-kinesisstreams aws-kinesisstreams-lambda aws-kinesisfirehose-s3)

log() { echo "[install-sc-java] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- preconditions -----------------------------------------------------------
for tool in node mvn java; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH"
done
[[ -x "$PACMAK" ]] || die "$PACMAK not found; run 'npm ci' first"
[[ -f "$SC_SCOPE_DIR/core/package.json" ]] \
  || die "$SC_SCOPE_DIR/core not installed; run 'npm ci' first"

# Print "<groupId> <artifactId> <version>" of an npm package with a jsii Java target.
maven_coords() {
  node -e '
    const p = require(process.argv[1]);
    const m = p.jsii && p.jsii.targets && p.jsii.targets.java && p.jsii.targets.java.maven;
    if (!m) { console.error(`${p.name}: no jsii.targets.java.maven`); process.exit(1); }
    console.log(`${m.groupId} ${m.artifactId} ${p.version}`);
  ' "$1/package.json"
}

# The one version all four artifacts are built at, taken from core.
VERSION="$(node -p 'require(process.argv[1]).version' "$SC_SCOPE_DIR/core/package.json")"
[[ -n "$VERSION" ]] || die "could not read the version of @aws-solutions-constructs/core"
log "Solutions Constructs version (from core/package.json): $VERSION"
log "local Maven repository: $M2_REPO"

# --- decide what needs building (idempotency) --------------------------------
declare -A GROUP ARTIFACT
TODO=()
for pkg in "${PACKAGES[@]}"; do
  dir="$SC_SCOPE_DIR/$pkg"
  [[ -f "$dir/package.json" && -f "$dir/.jsii" ]] \
    || die "@aws-solutions-constructs/$pkg (with its .jsii assembly) is not installed in node_modules"
  read -r group artifact pkg_version < <(maven_coords "$dir")
  [[ "$pkg_version" == "$VERSION" ]] \
    || die "@aws-solutions-constructs/$pkg is $pkg_version but core is $VERSION; reinstall node_modules"
  GROUP[$pkg]="$group"
  ARTIFACT[$pkg]="$artifact"
  installed="$M2_REPO/${group//.//}/$artifact/$VERSION/$artifact-$VERSION"
  if [[ -f "$installed.jar" && -f "$installed.pom" ]]; then
    log "already installed: $group:$artifact:$VERSION (skipping)"
  else
    TODO+=("$pkg")
  fi
done

if [[ ${#TODO[@]} -eq 0 ]]; then
  log "nothing to do"
  exit 0
fi
log "to build: ${TODO[*]}"

# --- scratch workspace -------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sc-java.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# A private node_modules tree: all four Solutions Constructs packages are copied
# (the ones already installed may still be needed as jsii dependencies of the
# others), and the big jsii dependencies are symlinked, not copied.
# jsii-pacmak resolves dependency assemblies with node's module resolution from
# each package directory, which finds them here.
mkdir -p "$WORK/node_modules/@aws-solutions-constructs"
for pkg in "${PACKAGES[@]}"; do
  cp -a "$SC_SCOPE_DIR/$pkg" "$WORK/node_modules/@aws-solutions-constructs/$pkg"
done
for dep in aws-cdk-lib constructs; do
  [[ -d "$NODE_MODULES/$dep" ]] || die "$dep is not installed in node_modules"
  ln -s "$NODE_MODULES/$dep" "$WORK/node_modules/$dep"
done

# --- generate and build the Java packages ------------------------------------
# --maven-local-repository: compile against (and cache downloads in) the same
#   local repository we install into, so already-installed artifacts (e.g.
#   core, when only the others are missing) and cached aws-cdk-lib jars are
#   reused instead of being fetched into pacmak's throw-away repository.
# --no-npmignore: don't write a .npmignore into the (copied) packages, so the
#   npm tarball embedded in each jar has the same files as the published one.
# --no-fingerprint / --force: always generate fresh code into the empty outdir.
OUT="$WORK/out"
pacmak_args=(--target java --outdir "$OUT" --maven-local-repository "$M2_REPO"
             --no-npmignore --no-fingerprint --force)
if [[ "${SC_JAVA_VERBOSE:-0}" == "1" ]]; then pacmak_args+=(-v); fi
pkg_dirs=()
for pkg in "${TODO[@]}"; do
  pkg_dirs+=("$WORK/node_modules/@aws-solutions-constructs/$pkg")
done
log "running jsii-pacmak (this takes a few minutes)..."
(cd "$WORK" && "$PACMAK" "${pacmak_args[@]}" "${pkg_dirs[@]}")

# --- install into the local Maven repository ---------------------------------
mvn_quiet=(--quiet)
if [[ "${SC_JAVA_VERBOSE:-0}" == "1" ]]; then mvn_quiet=(); fi
for pkg in "${TODO[@]}"; do
  group="${GROUP[$pkg]}"
  artifact="${ARTIFACT[$pkg]}"
  # pacmak --outdir lays artifacts out as a Maven repository under <outdir>/java
  base="$OUT/java/${group//.//}/$artifact/$VERSION/$artifact-$VERSION"
  [[ -f "$base.jar" && -f "$base.pom" ]] || die "jsii-pacmak produced no $base.jar/.pom"
  extra=()
  [[ -f "$base-sources.jar" ]] && extra+=("-Dsources=$base-sources.jar")
  [[ -f "$base-javadoc.jar" ]] && extra+=("-Djavadoc=$base-javadoc.jar")
  log "installing $group:$artifact:$VERSION"
  # Run from the scratch dir so Maven doesn't pick up any project pom.
  (cd "$WORK" && mvn "${mvn_quiet[@]}" --batch-mode -Dstyle.color=never \
    "-Dmaven.repo.local=$M2_REPO" \
    install:install-file \
    "-Dfile=$base.jar" "-DpomFile=$base.pom" "${extra[@]}")
done

log "done: installed ${TODO[*]} at $VERSION into $M2_REPO"
