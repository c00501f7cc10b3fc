"""Times Werkzeug's own router on the GitHub API route set used by benches/routing.rs, so
BENCHMARKS.md can compare stellwerk's Map with the library it follows.

Run: python3 -m pip install werkzeug && python3 benches/werkzeug_routing.py
Prints the time for 130 lookups (one per route) and for 130 URL builds, best of 5 runs of
timeit, the same work per iteration as the criterion groups "github lookup" and
"github build".
"""

import pathlib
import re
import importlib.metadata
import timeit

from werkzeug.routing import Map, Rule

DATA = pathlib.Path(__file__).parent / "data"
routes = [r for r in (DATA / "github-routes.txt").read_text().splitlines() if r]
paths = [p for p in (DATA / "github-paths.txt").read_text().splitlines() if p]

url_map = Map([Rule(r.replace("{", "<").replace("}", ">"), endpoint=f"r{i}") for i, r in enumerate(routes)])
adapter = url_map.bind("example.org", "/")
builds = [(f"r{i}", {n: f"v{n}" for n in re.findall(r"\{(\w+)\}", r)}) for i, r in enumerate(routes)]


def lookup_all():
    for p in paths:
        adapter.match(p, "GET")


def build_all():
    for endpoint, values in builds:
        adapter.build(endpoint, values)


def best(fn, number):
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


print(f"werkzeug {importlib.metadata.version('werkzeug')}")
print(f"github lookup (130 paths): {best(lookup_all, 200) * 1e6:.1f} us")
print(f"github build (130 URLs):   {best(build_all, 200) * 1e6:.1f} us")
