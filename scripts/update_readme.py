#!/usr/bin/env python3
"""Rewrite the output of every `$ screener …` block in README.md from the program.

tests/test_docs.py fails when a block differs from what the command prints; run this,
then review the diff.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from screener.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```text\n\$ screener ([^\n]*)\n(.*?)```", flags=re.DOTALL)


def render(match: re.Match[str]) -> str:
    result = CliRunner().invoke(cli, shlex.split(match.group(1)))
    return f"```text\n$ screener {match.group(1)}\n{result.stdout}```"


def main() -> int:
    text = README.read_text("utf-8")
    README.write_text(BLOCK.sub(render, text), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
