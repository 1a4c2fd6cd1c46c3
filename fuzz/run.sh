#!/usr/bin/env bash
# Coverage-guided fuzzing of IronSeal with SharpFuzz and AFL++.
#   fuzz/run.sh TARGET SECONDS      TARGET: unseal | cookies | session
# Installs what it needs (afl++ from Debian, the SharpFuzz.CommandLine dotnet tool), builds fuzz/IronSeal.Fuzz,
# instruments IronSeal.dll, seeds the corpus with real seals and headers, and runs afl-fuzz for SECONDS.
# Findings land in fuzz/findings/TARGET/default/crashes; make each one a regression test.
set -euo pipefail
target=${1:?usage: fuzz/run.sh unseal|cookies|session SECONDS}
seconds=${2:?usage: fuzz/run.sh unseal|cookies|session SECONDS}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if ! command -v afl-fuzz >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq afl++ >/dev/null
fi
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

out="$here/build/$target"
rm -rf "$out"
dotnet publish IronSeal.Fuzz/IronSeal.Fuzz.csproj -c Release -o "$out" >/dev/null
sharpfuzz "$out/IronSeal.dll"

corpus="$here/corpus/$target"
mkdir -p "$corpus"
if [ -z "$(ls -A "$corpus")" ]; then
  [ -d "$here/../interop/node_modules/iron-session" ] || (cd "$here/../interop" && npm ci --no-audit --no-fund >/dev/null)
  node "$here/seed.mjs" "$target" "$corpus"
fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
mkdir -p "$here/findings"
afl-fuzz -i "$corpus" -o "$here/findings/$target" -V "$seconds" -t 5000 -m none -- dotnet "$out/IronSeal.Fuzz.dll" "$target" || true
stats="$here/findings/$target/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|run_time)' "$stats"
fi
