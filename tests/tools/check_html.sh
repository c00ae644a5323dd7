#!/usr/bin/env bash
# Checks HTML files with the Nu Html Checker (vnu.jar from the npm package vnu-jar),
# the validator behind validator.w3.org/nu (A2, G2).
#
# Usage: check_html.sh FILE...   (`-` reads one document from stdin)
# Exit 0 when no file has an error (warnings are not shown), 1 when one has, with
# vnu's messages on stderr; 2 when vnu.jar or java is missing
# (scripts/install-test-deps.sh installs both). Starting java takes about 2 s, so
# give it every file in one call.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar=$here/node_modules/vnu-jar/build/dist/vnu.jar

if [[ $# -eq 0 ]]; then
    echo "usage: check_html.sh FILE... (or - for stdin)" >&2
    exit 2
fi
if [[ ! -f $jar ]] || ! command -v java >/dev/null 2>&1; then
    echo "check_html: needs java and $jar: run scripts/install-test-deps.sh" >&2
    exit 2
fi

for file in "$@"; do
    # vnu skips a missing file silently: refuse it here.
    if [[ $file != - && ! -r $file ]]; then
        echo "check_html: cannot read $file" >&2
        exit 2
    fi
done

status=0
java -Xss2m -jar "$jar" --errors-only "$@" || status=$?
if ((status)); then
    echo "check_html: the Nu Html Checker found errors" >&2
    exit 1
fi
