"""What the fault healing adds to a no-op build: the staging sweep and the index/deposit fingerprints,
over a synthetic site of N articles (two pages each, date pages, a search bundle of fragments).

    .venv/bin/python benchmarks/heal_overhead.py [N]   (default 20000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from teiedit.buildopts import BuildOptions
from teiedit.heal import heal_project, tree_fingerprint


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        o = BuildOptions(tei_dir=root / "tei", build_dir=root / "build")
        for folder in ("articles", "tei", "dates/1958", "pagefind/1958/en/fragment", "assets"):
            (o.html_dir / folder).mkdir(parents=True)
        o.tei_dir.mkdir()
        for k in range(n):
            (o.tei_dir / f"a{k}.xml").write_bytes(b"x")
            (o.html_dir / "articles" / f"a{k}.html").write_bytes(b"x")
            (o.html_dir / "tei" / f"a{k}.xml").write_bytes(b"x")
            (o.html_dir / "pagefind/1958/en/fragment" / f"f{k}.pf_fragment").write_bytes(b"x")
            if k % 20 == 0:
                (o.html_dir / "dates/1958" / f"d{k}.html").write_bytes(b"x")
        t0 = time.perf_counter()
        heal_project(o)
        t1 = time.perf_counter()
        tree_fingerprint(o.html_dir, ("articles", "tei", "pdf", "pagefind"))
        t2 = time.perf_counter()
        tree_fingerprint(o.html_dir / "pagefind")
        t3 = time.perf_counter()
        print(f"{n} articles: staging sweep {t1 - t0:.3f} s, site pages fingerprint {t2 - t1:.3f} s, "
              f"search bundles fingerprint {t3 - t2:.3f} s")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
