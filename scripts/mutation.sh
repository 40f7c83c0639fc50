#!/usr/bin/env bash
# Mutation testing of the method's modules with mutmut 3 (configured in pyproject.toml,
# [tool.mutmut]): scoring, units, references, nutrients, output. Each mutant runs only
# the tests that call the function it changes (mutmut's own test selection), on as many
# processes as the machine has cores. Not in CI: a full run takes tens of minutes on 2
# cores. The last result and the surviving mutants' explanations: docs/mutation.md.
#
#   scripts/mutation.sh                    # the whole run, then the summary
#   scripts/mutation.sh 'screener.units*'  # only the mutants of one module (a glob)
#
# Needs: pip install -e '.[test]' mutmut==3.8.1 (in the active environment).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mutmut > /dev/null || { echo "mutmut is not installed: pip install mutmut==3.8.1" >&2; exit 2; }
children="${MUTMUT_CHILDREN:-$(nproc)}"
start=$(date +%s)
mutmut run --max-children "$children" "$@" || true
echo "== took $(( $(date +%s) - start )) s on $children processes ($(mutmut --version 2>&1 | tail -1))"
mutmut results --all true > mutation-results.txt || true
echo "== per status"
awk -F': ' 'NF == 2 {print $2}' mutation-results.txt | sort | uniq -c
echo "== survivors (see docs/mutation.md)"
grep -E ': (survived|no tests)$' mutation-results.txt || echo "none"
