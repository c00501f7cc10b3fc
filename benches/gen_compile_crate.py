#!/usr/bin/env python3
"""Writes a throw-away crate with N routes in one routes![] group, to measure what the
group adds to `cargo build`.

Usage: python3 benches/gen_compile_crate.py N OUT_DIR [--direct] [--empty]

--direct   call routes_impl! with handler-less entries (no route attributes needed)
--empty    same handlers, no group (the baseline the group's cost is measured against)
--no-limit leave out #![recursion_limit] (to see rustc's message for large groups)

Measure (debug build, deps prebuilt, shared target dir):
    export CARGO_TARGET_DIR=/tmp/sw-compile-target
    python3 benches/gen_compile_crate.py 500 /tmp/sw500 --empty && (cd /tmp/sw500 && cargo build -q)
    touch /tmp/sw500/src/main.rs && time (cd /tmp/sw500 && cargo build -q)     # baseline
    python3 benches/gen_compile_crate.py 500 /tmp/sw500 && touch /tmp/sw500/src/main.rs
    time (cd /tmp/sw500 && cargo build -q)                                     # with the group
"""
import os
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
n = int(args[0])
out = args[1]
direct = "--direct" in sys.argv
empty = "--empty" in sys.argv
root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

SHAPES = [
    ("/r{i}", []),
    ("/r{i}/<int:id>", [("id", "u64")]),
    ("/r{i}/<name>/edit", [("name", "String")]),
    ("/r{i}/items/<int:id>/<slug>", [("id", "u64"), ("slug", "String")]),
    ("/api/v{i}/<path:rest>", [("rest", "String")]),
]

os.makedirs(os.path.join(out, "src"), exist_ok=True)
with open(os.path.join(out, "Cargo.toml"), "w") as f:
    f.write(f"""[package]
name = "sw-compile-{n}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
stellwerk = {{ path = "{root}", default-features = false }}

[workspace]
""")

limit = [] if "--no-limit" in sys.argv else ['#![recursion_limit = "%d"]' % max(128, 2 * n + 64)]
lines = limit + ["#![allow(dead_code, unused_variables)]", ""]
rules = []
for i in range(n):
    rule, params = SHAPES[i % len(SHAPES)]
    rule = rule.format(i=i)
    rules.append(rule)
    if not direct:
        sig = ", ".join(f"{p}: {t}" for p, t in params)
        lines.append(f'#[stellwerk::get("{rule}")]')
        lines.append(f"fn h{i}({sig}) {{}}")
lines.append("")
lines.append("fn main() {")
if empty:
    lines.append("    println!(\"no group\");")
elif direct:
    lines.append("    let group = stellwerk::__private::routes_impl! {[")
    for i, r in enumerate(rules):
        lines.append(f'        {{ handler: () rule: "{r}" meta: {{ methods: [GET], endpoint: "h{i}" }} }}')
    lines.append("    ]};")
    lines.append('    println!("{}", group.routes().len());')
else:
    names = ", ".join(f"h{i}" for i in range(n))
    lines.append(f"    let group = stellwerk::routes![{names}];")
    lines.append('    println!("{}", group.routes().len());')
lines.append("}")
with open(os.path.join(out, "src", "main.rs"), "w") as f:
    f.write("\n".join(lines) + "\n")
