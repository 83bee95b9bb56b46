"""The PNG export against Graphviz's dot -Tpng on the same graphs, measured back to back.

    python tests/benchmarks/bench_png.py 100 1000 10000   # (10000 takes dot a minute or two)

As bench_pdf.py: each a whole process timed with its peak memory; #19 asks for memory ≤ 2 × dot's.
The PNG is drawn in bands (render/png_bands.py), each band drawing only the sheet's parts in it.
"""

from __future__ import annotations

import sys

from tests.benchmarks.bench_pdf import main

if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000], "png")
