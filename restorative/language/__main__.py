"""Command line for partners and bulk checks.

    python -m restorative.language check [--json] [--jsonl] [--lexicon FILE] [PATH|-]...

- Reads each PATH (UTF-8), or standard input for ``-`` or when no PATH is given.
- Default output, one line per finding: ``PATH:LINE:COLUMN: "text" (category) -> try: a; b. reason``
- ``--json`` with one input prints ``{"findings": [...]}``; with several inputs it prints
  ``{"files": [{"path": ..., "findings": [...]}, ...]}``. Each finding has ``start``, ``end``
  (Python string indices into the input), ``text``, ``term``, ``category``, ``suggestions``
  and ``reason``.
- ``--jsonl`` reads lines ``{"id": ..., "text": ...}`` (from standard input, or the PATHs)
  and writes one line ``{"id": ..., "findings": [...]}`` per input line, in order, flushed
  as it goes. A line that cannot be read gets ``{"id": ..., "error": "..."}`` instead; blank
  lines are skipped.
- ``--lexicon FILE`` uses a lexicon CSV (the export format) instead of the shipped one.

Exit status: 0 when every input was checked (whether or not there were findings), 2 when an
input, a JSON line or the lexicon could not be read. Suggestions never block anything.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from restorative.language.engine import Checker, Finding, default_checker
from restorative.language.lexicon import Lexicon, LexiconError

STDIN = "-"


def _read_input(name: str) -> str:
    if name == STDIN:
        return sys.stdin.buffer.read().decode("utf-8")
    # newline="" keeps \r\n as written, so indices match the file's own characters.
    with open(name, encoding="utf-8", newline="") as handle:
        return handle.read()


def _findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [finding.as_dict() for finding in findings]


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _print_human(name: str, text: str, findings: list[Finding], out: TextIO) -> None:
    label = "<stdin>" if name == STDIN else name
    for finding in findings:
        line, column = _line_and_column(text, finding.start)
        suggestions = "; ".join(finding.suggestions)
        out.write(
            f'{label}:{line}:{column}: "{finding.text}" ({finding.category}) '
            f"-> try: {suggestions}. {finding.reason}\n"
        )


def _run_jsonl(checker: Checker, sources: list[str], out: TextIO, err: TextIO) -> int:
    status = 0
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8")
    for source in sources:
        stream = sys.stdin if source == STDIN else open(source, encoding="utf-8")  # noqa: SIM115
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                record_id: Any = None
                try:
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as error:
                        raise ValueError(f"not valid JSON ({error.msg})") from error
                    if not isinstance(record, dict):
                        raise ValueError("each line must be a JSON object")
                    record_id = record.get("id")
                    text = record.get("text")
                    if not isinstance(text, str):
                        raise ValueError('"text" must be a string')
                except ValueError as error:
                    status = 2
                    message = f"line {number}: {error}"
                    err.write(f"{source if source != STDIN else '<stdin>'}: {message}\n")
                    out.write(json.dumps({"id": record_id, "error": message}) + "\n")
                    out.flush()
                    continue
                findings = checker.check(text)
                result = {"id": record_id, "findings": _findings_json(findings)}
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
                out.flush()
        finally:
            if stream is not sys.stdin:
                stream.close()
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m restorative.language",
        description="Suggest restorative alternatives to shaming, blaming and jargon words.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check files or standard input")
    output = check.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print findings as JSON")
    output.add_argument(
        "--jsonl", action="store_true", help='read {"id", "text"} lines, write one result a line'
    )
    check.add_argument("--lexicon", metavar="FILE", help="lexicon CSV (the export format)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files to check; - for stdin")
    args = parser.parse_args(argv)

    out, err = sys.stdout, sys.stderr
    try:
        checker = Checker(Lexicon.from_csv(args.lexicon)) if args.lexicon else default_checker()
    except LexiconError as error:
        err.write(f"The lexicon {args.lexicon} cannot be used:\n")
        err.writelines(f"  {problem}\n" for problem in error.errors)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        err.write(f"Cannot read the lexicon {args.lexicon}: {error}\n")
        return 2

    sources = args.paths or [STDIN]
    if args.jsonl:
        try:
            return _run_jsonl(checker, sources, out, err)
        except (OSError, UnicodeDecodeError) as error:
            err.write(f"Cannot read the input: {error}\n")
            return 2

    status = 0
    results = []
    for name in sources:
        try:
            text = _read_input(name)
        except (OSError, UnicodeDecodeError) as error:
            err.write(f"Cannot read {name}: {error}\n")
            status = 2
            continue
        findings = checker.check(text)
        if args.json:
            results.append({"path": name, "findings": _findings_json(findings)})
        else:
            _print_human(name, text, findings, out)
    if args.json:
        if len(sources) == 1:
            document: dict[str, Any] = {"findings": results[0]["findings"] if results else []}
        else:
            document = {"files": results}
        out.write(json.dumps(document, ensure_ascii=False, indent=None) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
