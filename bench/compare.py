"""Small against large in one run: each page's median on both databases, and the ratio.

Why: issue 16. The product must feel the same in a county (50,000 families) as in a borough
(600). This machine is noisy, so a ratio is only worth quoting when both sides were measured
in the same run: this script runs `bench/pages.py` on the small and the large database by
turns (small, large, small, large, ...), takes each page's median over the rounds, and
prints the ratio per page and the median ratio over pages.

Budgets (issue 16): every page's median at large at most 3x its median at small, the median
over pages at most 1.5x, and every page under 200 ms p95 at large.

Usage (two PostgreSQL databases, seeded once):

    createdb -h 127.0.0.1 -U postgres restorative_bench_small
    createdb -h 127.0.0.1 -U postgres restorative_bench_large
    for scale in small large; do
      export DATABASE_URL=postgres://postgres@127.0.0.1:5432/restorative_bench_$scale
      .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --scale $scale
    done
    .venv/bin/python bench/compare.py            # --rounds 3 --requests 20

Each round of pages.py writes access events (as in real use): keep these databases for it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SMALL = "postgres://postgres@127.0.0.1:5432/restorative_bench_small"
DEFAULT_LARGE = "postgres://postgres@127.0.0.1:5432/restorative_bench_large"


def run_pages(database_url: str, *, requests: int, warmup: int, users: str) -> dict:
    """One run of bench/pages.py on one database; its figures."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures.json"
        command = [
            sys.executable,
            str(ROOT / "bench" / "pages.py"),
            "--requests",
            str(requests),
            "--warmup",
            str(warmup),
            "--users",
            users,
            "--json",
            str(out),
        ]
        environment = {**os.environ, "DATABASE_URL": database_url}
        subprocess.run(  # noqa: S603 - our own script with our own arguments
            command, check=True, env=environment, stdout=subprocess.DEVNULL, cwd=ROOT
        )
        return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default=os.environ.get("BENCH_SMALL_URL", DEFAULT_SMALL))
    parser.add_argument("--large", default=os.environ.get("BENCH_LARGE_URL", DEFAULT_LARGE))
    parser.add_argument("--rounds", type=int, default=3, help="turns on each database")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--users", default="practitioner,manager,head,director")
    args = parser.parse_args()

    samples: dict[str, dict[tuple[str, str], list[float]]] = {"small": {}, "large": {}}
    p95s: dict[tuple[str, str], list[float]] = {}
    families = {"small": 0, "large": 0}
    for round_number in range(1, args.rounds + 1):
        for size, url in (("small", args.small), ("large", args.large)):
            print(f"round {round_number}: {size}", file=sys.stderr)
            figures = run_pages(url, requests=args.requests, warmup=args.warmup, users=args.users)
            families[size] = figures["families"]
            for page in figures["pages"]:
                key = (page["login"], page["page"])
                samples[size].setdefault(key, []).append(page["p50"])
                if size == "large":
                    p95s.setdefault(key, []).append(page["p95"])

    keys = [key for key in samples["large"] if key in samples["small"]]
    rows = []
    for key in keys:
        small = statistics.median(samples["small"][key])
        large = statistics.median(samples["large"][key])
        rows.append((key, small, large, large / small if small else float("inf")))
    print(
        f"{families['small']:,} families against {families['large']:,}; "
        f"{args.rounds} rounds of {args.requests} requests per page, by turns"
    )
    width = max(len(f"{login}: {page}") for (login, page), *_ in rows)
    print(f"{'page':{width}}  {'small ms':>9}  {'large ms':>9}  {'ratio':>6}  {'large p95':>9}")
    for (login, page), small, large, ratio in rows:
        p95 = max(p95s[(login, page)])
        flag = "" if ratio <= 3 and p95 < 200 else "  OVER"
        print(
            f"{login + ': ' + page:{width}}  {small:9.1f}  {large:9.1f}  {ratio:6.2f}"
            f"  {p95:9.1f}{flag}"
        )
    ratios = [ratio for *_, ratio in rows]
    median_ratio = statistics.median(ratios)
    worst = max(ratios)
    print(f"Median ratio over pages: {median_ratio:.2f} (budget 1.5); worst page {worst:.2f} (3)")
    met = median_ratio <= 1.5 and worst <= 3 and all(max(v) < 200 for v in p95s.values())
    print("Budgets met." if met else "Budgets NOT met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
