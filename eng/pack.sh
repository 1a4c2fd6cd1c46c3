#!/usr/bin/env bash
# Packs IronSeal, IronSeal.AspNetCore, IronSeal.StackExchangeRedis and the ironseal tool into artifacts/packages with one
# version suffix for all four (default: dev.<UTC time>, so a NuGet cache that holds an earlier local build never serves it instead).
#   eng/pack.sh              -> 0.1.0-dev.20261206221500
#   eng/pack.sh rc.1         -> 0.1.0-rc.1
#   eng/pack.sh ""           -> 0.1.0 (a release)
set -euo pipefail
cd "$(dirname "$0")/.."
suffix=${1-dev.$(date -u +%Y%m%d%H%M%S)}
for project in IronSeal/IronSeal.csproj IronSeal.AspNetCore/IronSeal.AspNetCore.csproj IronSeal.StackExchangeRedis/IronSeal.StackExchangeRedis.csproj IronSeal.Tool/IronSeal.Tool.csproj; do
  dotnet pack "$project" -c Release -o artifacts/packages ${suffix:+--version-suffix "$suffix"}
done
echo "pack: artifacts/packages, version 0.1.0${suffix:+-$suffix}"
