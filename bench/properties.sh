#!/usr/bin/env bash
# G5: the hostile-input properties with thousands of cases each (cargo test runs a few
# hundred). Properties that read 100 KB inputs run proportionally fewer (see
# src/properties.rs). Usage: bench/properties.sh [CASES] [test filter...]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-2048}"
shift || true
filters=("$@")
if [ ${#filters[@]} -eq 0 ]; then
  # Every module with properties; `cargo test --lib` runs the unit tests beside the code.
  filters=(import:: markdown:: domain::forge export::ical web::)
fi
echo "PROPTEST_CASES=$cases on: ${filters[*]}"
PROPTEST_CASES="$cases" nice -n 10 cargo test --locked --lib -- "${filters[@]}"
