#!/usr/bin/env python3
"""Validates a built site's machine-readable files against their published schemas:

- every Atom feed (feed.xml, sectors/*/feed.xml, kinds/*/feed.xml,
  organisation/committees/*/feed.xml) against the RFC 4287
  RELAX NG schema (tests/schemas/atom.rng) with `xmllint --relaxng`;
- sitemap.xml (and numbered sitemaps) against the sitemaps.org XSD with `xmllint --schema`;
- every api/ JSON file against docs/api/*.schema.json with Python's `jsonschema`.

    python3 tests/validate_output.py PUBLIC_DIR

Python's jsonschema rather than the Rust crate: it is one small package on the CI image,
where the crate would add a large dependency tree to every `cargo test` on shared cores.
Exits 1 listing every failure.
"""
import glob, json, os, subprocess, sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def xmllint(args, files):
    if not files:
        return ["no files for " + " ".join(args)]
    r = subprocess.run(["xmllint", "--noout", *args, *files], capture_output=True, text=True)
    return [] if r.returncode == 0 else [r.stderr.strip()[-2000:]]


def main(site):
    failures = []
    feeds = sorted(glob.glob(f"{site}/feed.xml") + glob.glob(f"{site}/sectors/*/feed.xml")
                   + glob.glob(f"{site}/kinds/*/feed.xml")
                   + glob.glob(f"{site}/organisation/committees/*/feed.xml"))
    failures += xmllint(["--relaxng", f"{HERE}/schemas/atom.rng"], feeds)
    with open(f"{site}/sitemap.xml", encoding="utf-8") as f:
        is_index = "<sitemapindex" in f.read(300)
    maps = sorted(glob.glob(f"{site}/sitemap-*.xml")) if is_index else [f"{site}/sitemap.xml"]
    failures += xmllint(["--schema", f"{HERE}/schemas/sitemap.xsd"], maps)
    if is_index:
        failures += xmllint(["--schema", f"{HERE}/schemas/siteindex.xsd"], [f"{site}/sitemap.xml"])
    schemas = {}
    for name in ["index", "sectors", "activities", "reports"]:
        with open(f"{REPO}/docs/api/{name}.schema.json", encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[name] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    files = [("index", f"{site}/api/index.json"), ("sectors", f"{site}/api/sectors.json")]
    files += [("activities", p) for p in sorted(glob.glob(f"{site}/api/activities/*.json"))]
    files += [("reports", p) for p in sorted(glob.glob(f"{site}/api/reports/*.json"))]
    for kind, path in files:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for error in schemas[kind].iter_errors(data):
            failures.append(f"{path}: {'/'.join(map(str, error.path))}: {error.message[:300]}")
    print(f"validate_output: {len(feeds)} feeds, {len(maps)} sitemap file(s), {len(files)} api files; "
          f"{len(failures)} failure(s)")
    for f in failures:
        print("FAIL", f)
    return 1 if failures or len(files) < 4 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "public"))
