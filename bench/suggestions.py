"""Live suggestions benchmark: response size and time for a long note full of flagged words.

Why: issue 16 point 4. The script asks for suggestions at every pause in typing; a 2,000-word
case note once answered 665 KB of HTML, one block per occurrence. Suggestions now come as JSON
grouped by term as written (one group per term, with every place it stands), the term details
once per page, and groups the script already shows as their id alone, compressed on the way
(gzip: the answer holds no secret, so compression cannot leak one). Budget: under 20 KB sent
and under 30 ms at p95 for a 2,000-word note full of flagged terms.

The note is made of the development evaluation sentences that hold something to flag, so it is
far denser in flagged words than any real note. Measured in-process with Django's test Client
(the whole middleware stack, no network) as a signed-in member of staff:

    make run   # once, for the embedded database with the demo data (or any migrated database)
    .venv/bin/python bench/suggestions.py            # --words 2000 --requests 60

It prints the size and time of the first answer (nothing shown yet), of an answer after a
word is typed at the end (everything already shown), and of the term details fetched once.
Every answer writes usage counts (as in real use): run it on a database kept for trying out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restorative.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from signin import sign_in  # noqa: E402 - bench/signin.py

from restorative.language.evaluation import SENTENCES_PATH, load_examples  # noqa: E402
from restorative.people.models import Staff  # noqa: E402


def dense_note(words: int) -> str:
    """At least `words` words of evaluation sentences that each hold a flagged phrase."""
    parts: list[str] = []
    count = 0
    examples = [example for example in load_examples(SENTENCES_PATH) if example.gold]
    while count < words:
        for example in examples:
            parts.append(example.text)
            count += len(example.text.split())
            if count >= words:
                break
    return " ".join(parts)


def timed(client: Client, data: dict[str, object], requests: int) -> tuple[list[float], bytes]:
    times: list[float] = []
    body = b""
    for _ in range(requests):
        started = time.perf_counter()
        response = client.post(reverse("language:suggest"), data, HTTP_ACCEPT_ENCODING="gzip")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        body = response.content
    return times, body


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    user = Staff.objects.filter(is_active=True).order_by("pk").first()
    if user is None:
        print("No staff in this database: run `make run` (or seed_demo) first.")
        return 1
    client = Client()
    sign_in(client, user)
    note = dense_note(args.words)
    first_data: dict[str, object] = {"text": note, "field": "id_text"}
    client.post(reverse("language:suggest"), first_data)  # warm the compiled lexicon
    first_times, first_body = timed(client, first_data, args.requests)

    groups = json.loads(gzip.decompress(first_body))["groups"]
    places = sum(len(group["at"]) for group in groups)
    typed_data: dict[str, object] = {
        "text": note + " And",
        "field": "id_text",
        "have": [group["id"] for group in groups],
        "shown": sorted({group["term"] for group in groups}),
    }
    typed_times, typed_body = timed(client, typed_data, args.requests)
    terms = client.get(reverse("language:suggest_terms")).content  # not compressed

    print(
        f"Note: {len(note.split()):,} words, {places} flagged places in {len(groups)} groups "
        f"({len({group['term'] for group in groups})} terms)"
    )
    print(f"{'answer':44}{'KB sent':>8}{'KB JSON':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for label, body, times in (
        ("first (nothing shown yet)", first_body, first_times),
        ("after typing a word (all already shown)", typed_body, typed_times),
    ):
        print(
            f"{label:44}{len(body) / 1024:8.1f}{len(gzip.decompress(body)) / 1024:9.1f}"
            f"{statistics.median(times):9.1f}{p95(times):9.1f}"
        )
    print(f"{'term details (once per page)':44}{len(terms) / 1024:8.1f}{len(terms) / 1024:9.1f}")
    met = len(first_body) < 20 * 1024 and p95(first_times) < 30
    print(f"Budget (< 20 KB and < 30 ms p95 for the first answer): {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
