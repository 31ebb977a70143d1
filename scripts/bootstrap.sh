#!/usr/bin/env bash
# Creates the project's Python virtualenvs with pinned tools (moto server, SAM CLI, cfn-lint; checkov apart)
# and builds the Java modules once. Idempotent: a virtualenv is rebuilt only when its requirements change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

need() { command -v "$1" >/dev/null 2>&1 || { echo "bootstrap: '$1' is required but not on PATH" >&2; exit 1; }; }
need python3
need java
need mvn

venv() { # venv DIR REQUIREMENTS
  local dir="$1" req="$2" stamp
  stamp="$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" ]]; then
    return 0
  fi
  echo "bootstrap: creating $dir from $req (pip install; a few minutes the first time) ..." >&2
  local start=$SECONDS
  rm -rf "$dir"
  python3 -m venv "$dir"
  if [[ -t 2 ]]; then
    # on a terminal, pip's own progress bars show it is moving
    "$dir/bin/pip" install --disable-pip-version-check --progress-bar on -r "$req" >&2
  else
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  fi
  echo "$stamp" > "$dir/.stamp"
  echo "bootstrap: $dir ready in $((SECONDS - start)) s" >&2
}

venv .venv requirements/dev.txt
for extra in "$@"; do
  case "$extra" in
    --with-checkov) venv .venv-checkov requirements/checkov.txt ;;
    --with-awscli) venv .venv-awscli requirements/awscli.txt ;;
    *) echo "bootstrap: unknown option $extra" >&2; exit 2 ;;
  esac
done
