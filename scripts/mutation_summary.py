"""The last mutation run's figures per module, from mutmut's own records (mutants/*.meta):
mutants, killed, survived, timeouts, other, and the time the mutants took (the sum over
workers; the run's wall time is about this over the number of processes).

    python scripts/mutation_summary.py            # a Markdown table for docs/mutation.md
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

# mutmut 3.8's exit codes (mutmut/stats.py, status_by_exit_code)
KILLED = {1, 3}
SURVIVED = {0}
TIMEOUT = {24, -24, 36, 152, 255}


def summary(root: Path) -> list[tuple[str, Counter, float]]:
    found = []
    for meta in sorted((root / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text("utf-8"))
        codes = data["exit_code_by_key"].values()
        counts = Counter(
            "not checked" if c is None
            else "killed" if c in KILLED
            else "survived" if c in SURVIVED
            else "timeout" if c in TIMEOUT
            else "other"
            for c in codes
        )  # fmt: skip
        counts["mutants"] = len(codes)
        seconds = sum(data.get("durations_by_key", {}).values())
        found.append((str(meta.relative_to(root / "mutants"))[: -len(".meta")], counts, seconds))
    return found


def main() -> int:
    rows = summary(Path(__file__).resolve().parent.parent)
    if not rows:
        print("no mutation results: run scripts/mutation.sh first", file=sys.stderr)
        return 1
    columns = ["mutants", "killed", "survived", "timeout", "other", "not checked"]
    print("| module | " + " | ".join(columns) + " | killed % | worker time |")
    print("|---|" + "---:|" * (len(columns) + 2))
    total, total_seconds = Counter(), 0.0
    for module, counts, seconds in [*rows, ("**all**", None, None)]:
        if counts is None:
            counts, seconds = total, total_seconds
        else:
            total.update(counts)
            total_seconds += seconds
        checked = counts["mutants"] - counts["not checked"]
        share = f"{100 * counts['killed'] / checked:.1f} %" if checked else "-"
        cells = [str(counts[c]) for c in columns]
        print(f"| `{module}` | " + " | ".join(cells) + f" | {share} | {seconds / 60:.1f} min |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
