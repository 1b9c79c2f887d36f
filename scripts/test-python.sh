#!/usr/bin/env bash
# Python binding: builds tenure's Python package into a virtual environment and runs its tests
# (type-stub check, then pytest: the shared conformance corpus, every DataFrame flavour, errors,
# threads, repr). Installs what is missing on a fresh Debian machine with Rust and Python 3;
# safe to run again. Honours CARGO_TARGET_DIR when set.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${TENURE_VENV:-.venv}"

if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "== installing python3-venv"
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq python3-venv >/dev/null
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"

need=0
for module in maturin pytest numpy pandas polars pyarrow mypy lifelines matplotlib nbclient nbformat ipykernel; do
  "$PY" -c "import $module" >/dev/null 2>&1 || need=1
done
if [ "$need" = 1 ]; then
  echo "== installing Python test dependencies"
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet maturin pytest numpy pandas polars pyarrow mypy lifelines matplotlib \
    nbclient nbformat ipykernel
fi

echo "== building and installing the tenure Python package (release)"
# maturin develop installs into the active virtual environment.
VIRTUAL_ENV="$(cd "$VENV" && pwd)" PATH="$(cd "$VENV" && pwd)/bin:$PATH" \
  "$VENV/bin/maturin" develop --release --quiet -m crates/py/Cargo.toml

echo "== type stubs (mypy.stubtest)"
"$PY" -m mypy.stubtest tenure

echo "== pytest"
"$PY" -m pytest tests/python -q -p no:cacheprovider
