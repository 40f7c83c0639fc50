#!/usr/bin/env bash
# Mutation testing of the method's modules with mutmut 3 (configured in pyproject.toml,
# [tool.mutmut]): scoring, units, references, nutrients, output. Each mutant runs only
# the tests that call the function it changes (mutmut's own test selection), leaving out
# the slow files that do not test these modules; under mutmut, tests/conftest.py runs
# Hypothesis tests on 10 fixed examples and empties the method's caches before each
# test. Runs at low priority (nice 10) on as many processes as the machine has cores.
# Not in CI: a full run takes about 40 minutes on 2 cores. The last result and the
# surviving mutants' explanations: docs/mutation.md.
#
#   scripts/mutation.sh                    # the whole run (resumes an unfinished one)
#   scripts/mutation.sh 'screener.units*'  # only the mutants of one module (a glob)
#   scripts/mutation.sh --recheck          # again the survivors and timeouts, after new tests
#
# mutmut keeps every verdict in mutants/; a survivor is not run again unless named, so
# after adding tests use --recheck. Start afresh with: rm -rf mutants/
#
# Needs: pip install -e '.[test]' mutmut==3.8.1 (in the active environment).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mutmut > /dev/null || { echo "mutmut is not installed: pip install mutmut==3.8.1" >&2; exit 2; }
children="${MUTMUT_CHILDREN:-$(nproc)}"
args=("$@")
if [[ "${1:-}" == "--recheck" ]]; then
  mapfile -t args < <(mutmut results 2> /dev/null | grep -E ': (survived|timeout|suspicious)$' | cut -d: -f1 | tr -d ' ')
  echo "== rechecking ${#args[@]} mutants"
  [[ ${#args[@]} -gt 0 ]] || exit 0
fi
# mutmut regenerates the mutated modules but keeps its first copy of the package's data
# files: bring them up to date (a changed aliases.csv fails the clean run otherwise)
if [[ -d mutants/screener/data ]]; then cp -r screener/data/. mutants/screener/data/; fi
start=$(date +%s)
nice -n 10 mutmut run --max-children "$children" "${args[@]}" || true
echo "== took $(( $(date +%s) - start )) s on $children processes ($(mutmut --version 2>&1 | tail -1))"
mutmut results --all true > mutation-results.txt || true
python scripts/mutation_summary.py
echo "== survivors (see docs/mutation.md)"
grep -E ': (survived|no tests|timeout|suspicious)$' mutation-results.txt || echo "none"
