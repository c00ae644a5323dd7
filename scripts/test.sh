#!/usr/bin/env bash
# The one test command: everything CI runs, in the same order.
#
#   1. cargo fmt --check                     the tree as rustfmt writes it
#   2. cargo clippy --all-targets --locked -- -D warnings
#   3. scripts/install-test-deps.sh          (skip with RENCONTRES_SKIP_INSTALL=1)
#   4. tests/tools/test_tools.sh             the checkers the Rust tests rely on
#   5. cargo test --locked                   unit + integration tests on SQLite
#   6. RENCONTRES_TEST_BACKEND=postgres cargo test --locked --test app
#                                            (browser:: and cli:: skipped: they run the
#                                            binary on SQLite whatever the backend)
#                                            only when RENCONTRES_TEST_DATABASE_URL is
#                                            set (postgres://127.0.0.1:5432/test); each
#                                            test makes its own schema there
#
# Extra arguments go to both cargo test runs (a test name filter, `-- --nocapture`).
# Every step runs even after one fails; the exit status is 1 when any failed.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

failed=()
summary=()

# run NAME COMMAND...: prints the command, runs it, records its outcome and time.
run() {
    local name=$1 started status=0
    shift
    printf '\n==> %s\n' "$*" >&2
    started=$SECONDS
    "$@" || status=$?
    summary+=("$(printf '%-6s %4ss  %s' "$([[ $status == 0 ]] && echo ok || echo FAIL)" $((SECONDS - started)) "$name")")
    if [[ $status != 0 ]]; then
        failed+=("$name")
    fi
    return "$status"
}

# Style and lints first: they take seconds and say the most about a change.
run "cargo fmt --check" cargo fmt --check
run "cargo clippy" cargo clippy --all-targets --locked -- -D warnings

if [[ ${RENCONTRES_SKIP_INSTALL:-} == 1 ]]; then
    printf '==> scripts/install-test-deps.sh skipped (RENCONTRES_SKIP_INSTALL=1)\n' >&2
else
    # Without the tools the rest would only fail in confusing ways.
    run "install test dependencies" scripts/install-test-deps.sh || exit 1
fi

# The checkers' venv first on PATH: `python3` in the tests is then that venv's Python
# itself, not a pyenv shim that the checker then re-executes (half the start time).
if [[ -x tests/tools/.venv/bin/python3 ]]; then
    export PATH="$root/tests/tools/.venv/bin:$PATH"
fi

run "checker self-test" tests/tools/test_tools.sh

run "cargo test (SQLite)" cargo test --locked "$@"

if [[ -n ${RENCONTRES_TEST_DATABASE_URL:-} ]]; then
    if [[ -e tests/app/main.rs || -e tests/app.rs ]]; then
        # The browser and command-line tests start the binary on a SQLite file of their own,
        # whatever the backend: running them again here would test nothing new.
        pg_args=("$@")
        [[ " ${pg_args[*]} " == *" -- "* ]] || pg_args+=(--)
        pg_args+=(--skip browser:: --skip cli::)
        run "cargo test --test app (PostgreSQL)" \
            env RENCONTRES_TEST_BACKEND=postgres cargo test --locked --test app "${pg_args[@]}"
    else
        printf '\n==> no tests/app yet: PostgreSQL run skipped\n' >&2
        summary+=("skip      -  cargo test --test app (PostgreSQL): no tests/app")
    fi
else
    printf '\n==> RENCONTRES_TEST_DATABASE_URL unset: PostgreSQL run skipped\n' >&2
    summary+=("skip      -  cargo test --test app (PostgreSQL): RENCONTRES_TEST_DATABASE_URL unset")
fi

printf '\n==> summary\n' >&2
printf '%s\n' "${summary[@]}" >&2
if ((${#failed[@]})); then
    printf 'test.sh: failed: %s\n' "$(IFS=,; echo "${failed[*]}")" >&2
    exit 1
fi
printf 'test.sh: all passed\n' >&2
