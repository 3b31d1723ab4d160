"""Run every benchmark, or the ones named: `python -m bench [prosody generation ...]`.

Each area's module has a `main()` that prints its own table with ratios against a baseline measured
in the same run. Each runs in its own process so cold-start figures stay honest.
"""

import subprocess
import sys
import time

AREAS = ["prosody", "generation", "harmony", "drafts", "leadsheet", "songdraft", "web"]


def main(argv: list[str]) -> int:
    areas = argv or AREAS
    unknown = [a for a in areas if a not in AREAS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(AREAS)}")
        return 2
    failed = []
    for area in areas:
        print(f"\n=== bench.{area} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-c", f"import bench.{area} as b; b.main()"])
        print(f"--- bench.{area}: {time.perf_counter() - start:.1f} s, exit {code}", flush=True)
        if code:
            failed.append(area)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
