#!/usr/bin/env python3
"""Measures `brief serve`: the time from saving an edit to the updated page being served.

    serve_latency.py PROJECT [--brief target/release/brief] [--runs 20]

PROJECT is a brief project, e.g. a corpus made by gen_corpus.py and prepare_corpus.py. Two
kinds of edit are timed, alternating: one indicator value changed in the front matter of an
article (its chart, its CSV and every page quoting it, in both languages, must follow; the
generated corpus repeats the numbers in the English file, so both files are saved), and one
word of prose changed. For each run the file is rewritten in place (as editors do), then the
page is fetched every millisecond until it shows the new value; the time includes the file
watcher's debounce. Prints the median and the slowest run of each kind.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def wait_for(url, needle, started, limit=30.0):
    while True:
        try:
            page = fetch(url)
            if needle in page and '<div id="brief-error"' not in page:
                return time.perf_counter() - started
        except Exception:
            pass
        if time.perf_counter() - started > limit:
            raise SystemExit("timed out waiting for %r at %s" % (needle, url))
        time.sleep(0.001)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project")
    ap.add_argument("--brief", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "brief"))
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    zh_dir = os.path.join(args.project, "content", "zh")
    articles = sorted(f for f in os.listdir(zh_dir) if f.startswith("article-"))
    # An article from the middle whose chart (drawn from its first indicator) is in percent, so
    # the new value shows on the page as written ("10.37%").
    def first_unit_is_percent(name):
        text = open(os.path.join(zh_dir, name), encoding="utf-8").read()
        return re.search(r"indicators:\n\s+\w+:\n\s+label: .*\n\s+unit: \"%\"", text) is not None
    article = next(a for a in articles[len(articles) // 2:] + articles if first_unit_is_percent(a))
    path = os.path.join(zh_dir, article)
    en_path = os.path.join(args.project, "content", "en", article)
    slug = article[:-3]
    original = open(path, encoding="utf-8").read()
    en_original = open(en_path, encoding="utf-8").read()

    server = subprocess.Popen([args.brief, "serve", "--port", "0", "--root", args.project],
                              stdout=subprocess.PIPE, stderr=open("/tmp/serve-bench.err", "w"), text=True)
    try:
        t0 = time.perf_counter()
        line = server.stdout.readline()
        address = re.search(r"http://\S+", line).group(0)
        print("first build and serve: %.2f s" % (time.perf_counter() - t0))
        page = address + "zh/" + slug + "/"
        fetch(page)
        # The first value of the first series of the first percent indicator, in table form:
        # a percentage shows as written ("10.37%"), so the page can be searched for it.
        pattern = r'(unit: "%"\n\s+years: \[[^\]]*\]\n\s+series:\n\s+\w+: \[)([-\d.]+)'
        m = re.search(pattern, original)
        en_m = re.search(pattern, en_original)
        if not m or not en_m:
            raise SystemExit("no table-form series in %s" % path)
        data, prose = [], []
        for run in range(args.runs):
            value = "%d.37" % (10 + run)
            text = original[:m.start(2)] + value + original[m.end(2):]
            with open(en_path, "w", encoding="utf-8") as f:
                f.write(en_original[:en_m.start(2)] + value + en_original[en_m.end(2):])
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            started = time.perf_counter()
            # The data table of the chart shows the value in full, in both languages.
            shown = value + "%"
            data.append(max(wait_for(page, shown, started), wait_for(page.replace("/zh/", "/en/"), shown, started)))
            word = "WORD%04d" % run
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + "\n" + word + "\n")
            started = time.perf_counter()
            prose.append(wait_for(page, word, started))
        for name, xs in (("indicator value edit", data), ("prose edit", prose)):
            xs = [x * 1000 for x in xs]
            print("%-22s median %6.1f ms   max %6.1f ms   (%d runs)" % (name, statistics.median(xs), max(xs), len(xs)))
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        with open(en_path, "w", encoding="utf-8") as f:
            f.write(en_original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
