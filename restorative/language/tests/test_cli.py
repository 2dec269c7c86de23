"""The command-line contract partners rely on, run as they would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "restorative.language", "check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        encoding="utf-8",
    )


FINDING_KEYS = ["start", "end", "text", "term", "category", "suggestions", "reason"]


def test_json_with_one_file(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    text = "Jack absconded from the unit.\r\nContact with Mum went well.\r\n"
    path.write_bytes(text.encode("utf-8"))
    result = run("--json", str(path))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["findings"]
    findings = document["findings"]
    assert [f["text"] for f in findings] == ["absconded", "unit", "Contact"]
    for finding in findings:
        assert list(finding) == FINDING_KEYS
        assert text[finding["start"] : finding["end"]] == finding["text"]


def test_json_from_standard_input() -> None:
    result = run("--json", "-", stdin="Mum refused contact with Dad.")
    assert json.loads(result.stdout)["findings"][0]["term"] == "refused"
    assert run("--json", stdin="Nothing to see.").stdout.strip() == '{"findings": []}'


def test_json_with_several_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Jack absconded.", encoding="utf-8")
    second.write_text("All well.", encoding="utf-8")
    document = json.loads(run("--json", str(first), str(second)).stdout)
    assert [item["path"] for item in document["files"]] == [str(first), str(second)]
    assert [len(item["findings"]) for item in document["files"]] == [1, 0]


def test_jsonl_answers_each_line_in_order() -> None:
    lines = [
        {"id": 1, "text": "Jack absconded."},
        {"id": "b", "text": "Mum gave her contact details."},
        {"id": None, "text": "The LAC review and the “unit”."},
        {"id": [3], "text": ""},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n\n"
    result = run("--jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["id"] for item in out] == [1, "b", None, [3]]
    assert [[f["text"] for f in item["findings"]] for item in out] == [
        ["absconded"],
        [],
        ["LAC review"],
        [],
    ]
    assert list(out[0]["findings"][0]) == FINDING_KEYS


def test_jsonl_bad_line_gets_an_error_line_and_the_rest_continue() -> None:
    stdin = '{"id": 1, "text": "Jack absconded."}\nnot json\n{"id": 3}\n{"id": 4, "text": "ok"}\n'
    result = run("--jsonl", stdin=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item.get("id") for item in out] == [1, None, 3, 4]
    assert "error" in out[1] and "line 2" in out[1]["error"]
    assert out[2]["error"] == 'line 3: "text" must be a string'
    assert out[3]["findings"] == []
    assert result.returncode == 2


def test_plain_output_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("All fine.\nJack absconded.\n", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 0
    assert result.stdout.startswith(f'{path}:2:6: "absconded" (blaming) -> try: run away;')


def test_custom_lexicon_csv(tmp_path: Path) -> None:
    lexicon = tmp_path / "partner.csv"
    lexicon.write_text(
        "term,variants,category,alternatives,reason,inflection\n"
        "naughty step,,shaming,calm-down time,It shames the child.,noun\n",
        encoding="utf-8",
    )
    result = run("--json", "--lexicon", str(lexicon), stdin="Jack absconded to the naughty steps.")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["text"], f["term"]) for f in findings] == [("naughty steps", "naughty step")]


def test_bad_lexicon_is_refused_with_line_numbers(tmp_path: Path) -> None:
    lexicon = tmp_path / "bad.csv"
    lexicon.write_text("term,category,alternatives,reason\nx,cruel,y,z\n", encoding="utf-8")
    result = run("--lexicon", str(lexicon), stdin="text")
    assert result.returncode == 2
    assert "Line 2: Category “cruel”" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["/no/such/file.txt"], ["--lexicon", "/no/such.csv"]])
def test_missing_files_exit_2_with_a_message(args: list[str]) -> None:
    result = run(*args, stdin="")
    assert result.returncode == 2
    assert "Cannot read" in result.stderr
