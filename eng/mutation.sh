#!/usr/bin/env bash
# Mutation testing of the IronSeal library with Stryker.NET (the version pinned in dotnet-tools.json).
# Runs IronSeal.Tests (including the Node interop tests: run `npm ci` in interop/ first, as .ci/run does) against
# every mutant; the HTML, JSON and Markdown reports land in artifacts/stryker/reports. About 35 minutes on 2 cores.
# Extra arguments go to Stryker, e.g. `eng/mutation.sh --mutate "**/SealCodec.cs"` for one file.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
(cd interop && [ -d node_modules ] || npm ci --no-audit --no-fund)
cd IronSeal.Tests
dotnet stryker --config-file ../eng/stryker-config.json --output ../artifacts/stryker "$@"
