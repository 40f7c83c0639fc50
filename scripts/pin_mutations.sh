#!/usr/bin/env bash
# The hand mutations of issue 19: each is applied to the source, the whole suite is run,
# the failing tests are listed, and the change is reverted. Every one must fail a test.
# Run from a checkout with an editable install (pip install -e '.[test]').
# Usage: scripts/pin_mutations.sh [pytest args...]
set -uo pipefail
cd "$(dirname "$0")/.."
if ! git diff --quiet -- screener; then
  echo "screener/ has uncommitted changes: commit or stash them first" >&2
  exit 2
fi
mutations=(
  "unknown counted as zero|screener/scoring.py|s/food = float(means\[info.column\]) if complete\[info.column\] else None/food = float(means[info.column])/"
  "daily_totals min_count 0 -> 1|screener/scoring.py|s/sum(min_count=0)/sum(min_count=1)/"
  "AI_LOW_FRACTION 1 over 1.2 -> 1 over 1.25|screener/scoring.py|s/^AI_LOW_FRACTION = 1 \/ 1.2$/AI_LOW_FRACTION = 1 \/ 1.25/"
  "REASONABLY_SURE z 1.0 -> 1.1|screener/scoring.py|s/^REASONABLY_SURE = NormalDist().cdf(1.0)$/REASONABLY_SURE = NormalDist().cdf(1.1)/"
  "WORD_MIN_SCORE 80 -> 75 (the typo acceptance)|screener/matching.py|s/^WORD_MIN_SCORE = 80.0$/WORD_MIN_SCORE = 75.0/"
  "WORD_MIN_SCORE 80 -> 85|screener/matching.py|s/^WORD_MIN_SCORE = 80.0$/WORD_MIN_SCORE = 85.0/"
  "no-clobber check disabled (before any work)|screener/output.py|s/^        if not force:$/        if False:/"
  "no-clobber disabled (check and atomic link)|screener/output.py|s/^        if not force:$/        if False:/; s/^        if force:$/        if True:/"
)
status=0
for entry in "${mutations[@]}"; do
  IFS='|' read -r name file edit <<< "$entry"
  sed -i "$edit" "$file"
  if git diff --quiet -- "$file"; then
    echo "!! $name: the edit did not apply (the code changed?)"
    status=1
    continue
  fi
  failed=$(python -m pytest -q -p no:cacheprovider --no-header -rfE "$@" 2>&1 \
    | grep -E '^(FAILED|ERROR)|[0-9]+ (passed|failed)' | cut -c1-150)
  git checkout -q -- "$file"
  if grep -q failed <<< "$failed"; then
    echo "killed   $name"
  else
    echo "SURVIVED $name"
    status=1
  fi
  sed 's/^/           /' <<< "$failed"
done
exit $status
