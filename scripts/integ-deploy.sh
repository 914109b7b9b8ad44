#!/usr/bin/env bash
# npx projen integ:deploy: every integ app deployed to the sandbox account of your credentials, in
# AWS_REGION, its assertions run, then destroyed. Refuses to start without a region, so that it
# never falls back to a region you did not choose.
set -euo pipefail
if [ -z "${AWS_REGION:-}" ]; then
  echo "integ:deploy: set AWS_REGION to the sandbox region (and credentials for the sandbox account, for example AWS_PROFILE)" >&2
  exit 2
fi
# --force: every app, not only those whose snapshot changed; one region, one app at a time.
exec npx integ-runner --language typescript --force --update-on-failed --no-update-workflow \
  --parallel-regions "$AWS_REGION" --max-workers 1 "$@"
