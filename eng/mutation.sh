#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the version pinned in dotnet-tools.json).
#   eng/mutation.sh              the IronSeal library, against IronSeal.Tests (Node interop tests included: run
#                                eng/test-setup.sh first); settings in eng/stryker-config.json. About 35 minutes on 2 cores.
#   eng/mutation.sh aspnetcore   IronSeal.AspNetCore, against all of IronSeal.AspNetCore.Tests (Node, Browser and
#                                Redis tiers too); settings in eng/stryker-config.aspnetcore.json.
# Reports (HTML, JSON, Markdown) land in artifacts/stryker/<target>/reports. Further arguments go to Stryker, e.g.
# `eng/mutation.sh library --mutate "**/SealCodec.cs"` for one file. Memory-only mutants (wiping, pool returns,
# Dispose, ConfigureAwait) are ignored by the settings' ignore-methods, not by comments in the code.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-library}"
[ $# -gt 0 ] && shift
dotnet tool restore
case "$target" in
  library) tests=IronSeal.Tests; config=eng/stryker-config.json ;;
  aspnetcore) tests=IronSeal.AspNetCore.Tests; config=eng/stryker-config.aspnetcore.json ;;
  *) echo "usage: eng/mutation.sh [library|aspnetcore] [stryker arguments]" >&2; exit 2 ;;
esac
cd "$tests"
# The 30-second SoakTests skips itself under mutation testing (Stryker 5.1's test-case-filter breaks the run).
export IRONSEAL_MUTATION=1
dotnet stryker --config-file "../$config" --output "../artifacts/stryker/$target" "$@"
