#!/usr/bin/env python3
"""Turns a corpus made by ../shared/bench/gen_corpus.py (--flavor generic) into a brief project.

    prepare_corpus.py CORPUS_DIR [--site-yaml site.yaml] [--templates DIR] [--static DIR]
                      [--project-only] [--no-charts]

gen_corpus.py writes only content/. This adds what a brief project needs to build it:
- indicator ids made site-wide unique (brief refuses the same id on two pages; the generator
  repeats `inflation`, `gdp_growth`, ... in every article): `gdp_growth` in article-00042
  becomes `a00042_gdp_growth`;
- one chart per article (a line chart of its first indicator), placed after the first paragraph;
- site.yaml (the project's, with the corpus's units declared), templates/ and static/.
The files are edited in place; running it twice is harmless (already-prefixed ids are kept).
With --no-charts the articles get no chart (for comparing with Hugo on exactly the same work).
With --project-only it leaves content/ alone and only copies site.yaml, templates/ and static/
again, so that a corpus made earlier is built with the project as it is now.
"""
import argparse
import os
import re
import shutil
import sys

UNITS = """
units:
  "% of GDP": { kind: percent }
  "bn USD": { kind: "currency:USD", scale: 1000000000 }
  t: { kind: count, label: { zh: 吨, en: t } }
"""


def prepare_file(path, charts=True):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        return
    end = text.index("\n---\n", 4)
    front, body = text[4:end], text[end + 5:]
    slug = os.path.basename(path)[:-3]               # article-00042
    prefix = "a" + slug.split("-")[1] + "_"           # a00042_
    lines = front.split("\n")
    out, in_indicators, first = [], False, None
    for line in lines:
        if line.startswith("indicators:"):
            in_indicators = True
        elif line and not line.startswith(" "):
            in_indicators = False
        m = re.match(r"^  ([A-Za-z0-9_]+):$", line)
        if in_indicators and m:
            ident = m.group(1)
            if not ident.startswith(prefix):
                ident = prefix + ident
            line = "  %s:" % ident
            first = first or ident
        out.append(line)
    if charts and first and "\ncharts:" not in front:
        title = "图表" if "/zh/" in path.replace(os.sep, "/") else "Chart"
        out += ["charts:", "  - id: %s-chart" % slug, "    kind: line", "    indicator: %s" % first,
                "    title: \"%s\"" % title]
    paragraphs = body.split("\n\n")
    chart = "{{ chart(id=\"%s-chart\") }}" % slug
    if charts and first and chart not in body and len(paragraphs) > 1:
        paragraphs.insert(1, chart)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("---\n" + "\n".join(out) + "\n---\n" + "\n\n".join(paragraphs))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    project = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--site-yaml", default=os.path.join(project, "site.yaml"))
    ap.add_argument("--templates", default=os.path.join(project, "templates"))
    ap.add_argument("--static", default=os.path.join(project, "static"))
    ap.add_argument("--project-only", action="store_true", help="only copy site.yaml, templates/, static/")
    ap.add_argument("--no-charts", action="store_true", help="add no chart to the articles")
    args = ap.parse_args()
    content = os.path.join(args.corpus, "content")
    if not os.path.isdir(content):
        sys.exit("%s has no content/ folder: make it with gen_corpus.py --flavor generic" % args.corpus)
    if not args.project_only:
        for lang in sorted(os.listdir(content)):
            folder = os.path.join(content, lang)
            for name in sorted(os.listdir(folder)):
                if name.endswith(".md"):
                    prepare_file(os.path.join(folder, name), charts=not args.no_charts)
    with open(args.site_yaml, encoding="utf-8") as f:
        site = f.read()
    if "\nunits:" not in site:
        site += UNITS
    with open(os.path.join(args.corpus, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(site)
    for src, name in ((args.templates, "templates"), (args.static, "static")):
        dst = os.path.join(args.corpus, name)
        shutil.rmtree(dst, ignore_errors=True)
        if os.path.isdir(src):
            shutil.copytree(src, dst)


if __name__ == "__main__":
    main()
