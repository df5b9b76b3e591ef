#!/usr/bin/env python3
"""Times full builds of large generated sites, brief against Hugo, side by side.

    benches/build_bench.py [--pages 2000 20000] [--runs 5] [--home recent] [--no-charts] [--no-hugo]
                           [--out /dev/shm]

For each size it generates the same articles twice with ../shared/bench/gen_corpus.py: once
for brief (`--flavor generic`, then benches/prepare_corpus.py adds the project's site.yaml,
templates and static files, site-wide unique indicator ids and one chart per article) and once
as a Hugo site (`--flavor hugo`, no charts; with --no-charts brief's articles get none either,
to compare the two on exactly the same work). It then runs the builds alternately (brief, Hugo,
brief, Hugo, ...), writing to a tmpfs (/dev/shm: on a disk, system time grows from run to run),
and prints the median wall time and peak memory (max RSS, from /usr/bin/time) of each tool and
their ratios. It also times a rebuild with nothing changed (brief only).

Hugo comes from Debian (`apt-get install -y hugo`, 0.111); the script installs it if missing.
Machines are noisy: compare tools in one run and quote medians and ratios.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
GEN = os.path.join(PROJECT, "..", "shared", "bench", "gen_corpus.py")


def run_timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time; returns (seconds, max RSS in MiB)."""
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), proc.stderr[-2000:]))
    rss_kib = int(proc.stderr.strip().splitlines()[-1])
    return elapsed, rss_kib / 1024.0


def ensure_hugo():
    if shutil.which("hugo"):
        return True
    print("installing hugo (apt-get install -y hugo) ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], stdout=subprocess.DEVNULL)
    return shutil.which("hugo") is not None


SITE_WIDE = """
<nav class="site-wide" aria-label="latest"><ul>{% for a in site.latest %}<li><a href="{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>
<ul>{% for tag in site.tags %}<li>{{ tag.name }} ({{ tag.count }})</li>{% endfor %}</ul></nav>
"""


def add_site_wide_list(site):
    """Puts the latest articles and every tag in the footer of every page."""
    footer = os.path.join(site, "templates", "partials", "footer.html")
    with open(footer, encoding="utf-8") as f:
        text = f.read()
    if "site-wide" not in text:
        with open(footer, "w", encoding="utf-8") as f:
            f.write(text + SITE_WIDE)


def prepare_corpus(corpus, *flags):
    subprocess.run([sys.executable, os.path.join(HERE, "prepare_corpus.py"), corpus, *flags], check=True)


def generate(gen, pages, flavor, home, work, charts=True):
    suffix = ("-recent" if home == "recent" else "") + ("" if charts or flavor != "generic" else "-nocharts")
    out = os.path.join(work, "%s-%d%s" % (flavor, pages, suffix))
    marker = os.path.join(out, ".bench-ready")
    if os.path.exists(marker):
        if flavor == "generic":
            # The articles stay; site.yaml, templates and static files are the project's of now.
            prepare_corpus(out, "--project-only")
            if home == "recent":
                add_site_wide_list(out)
        return out
    cmd = [sys.executable, gen, "--pages", str(pages), "--out", out, "--flavor", flavor]
    if home == "recent":
        cmd += ["--home", "recent"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    if flavor == "generic":
        prepare_corpus(out, *([] if charts else ["--no-charts"]))
        if home == "recent":
            add_site_wide_list(out)
    open(marker, "w").close()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--home", choices=["plain", "recent"], default="plain",
                    help="recent: Hugo's home pages list the 20 newest articles; brief is also built with a "
                         "site-wide list (latest articles and all tags) on every page, and compared with its "
                         "plain build")
    ap.add_argument("--no-charts", action="store_true",
                    help="brief's articles get no chart, as Hugo's: the same work on both sides")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--out", default="/dev/shm", help="where builds write (a tmpfs)")
    ap.add_argument("--work", default="/tmp/brief-bench", help="where corpora are generated")
    ap.add_argument("--brief", default=os.path.join(PROJECT, "target", "release", "brief"))
    ap.add_argument("--gen", default=GEN, help="the corpus generator (gen_corpus.py)")
    args = ap.parse_args()
    if not os.path.exists(args.gen):
        sys.exit("no corpus generator at %s: pass --gen PATH/gen_corpus.py" % args.gen)
    if not os.path.exists(args.brief):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=PROJECT, check=True)
    hugo = not args.no_hugo and ensure_hugo()
    os.makedirs(args.work, exist_ok=True)
    print("brief: %s" % subprocess.run([args.brief, "--version"], capture_output=True, text=True).stdout.strip())
    if hugo:
        print("hugo:  %s" % subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()[:40])
    print("runs: %d per tool, alternating; output on %s; %d cores" % (args.runs, args.out, os.cpu_count()))
    for pages in args.pages:
        charts = not args.no_charts
        site = generate(args.gen, pages, "generic", args.home, args.work, charts)
        plain = generate(args.gen, pages, "generic", "plain", args.work, charts) if args.home == "recent" else None
        out = os.path.join(args.out, "brief-bench-out")
        plain_out = os.path.join(args.out, "brief-bench-plain-out")
        times, rss, hugo_times, hugo_rss, plain_times = [], [], [], [], []
        hugo_site = generate(args.gen, pages, "hugo", args.home, args.work) if hugo else None
        hugo_out = os.path.join(args.out, "hugo-bench-out")
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            t, m = run_timed([args.brief, "build", "--root", site, "--out", out])
            times.append(t)
            rss.append(m)
            if plain:
                # Its own output: the rebuilds with nothing changed below must find `site`'s.
                shutil.rmtree(plain_out, ignore_errors=True)
                plain_times.append(run_timed([args.brief, "build", "--root", plain, "--out", plain_out])[0])
            if hugo_site:
                shutil.rmtree(hugo_out, ignore_errors=True)
                t, m = run_timed(["hugo", "--quiet", "--destination", hugo_out], cwd=hugo_site)
                hugo_times.append(t)
                hugo_rss.append(m)
        # A rebuild with nothing changed, into the existing output.
        again = [run_timed([args.brief, "build", "--root", site, "--out", out])[0] for _ in range(args.runs)]
        bt, bm = statistics.median(times), statistics.median(rss)
        print("\n%d pages (%s home%s)" % (pages, args.home, "" if charts else ", no charts"))
        print("  brief  full build  %7.2f s  %7.0f MiB   %6.0f pages/s" % (bt, bm, pages / bt))
        print("  brief  no change   %7.2f s  (%.2fx the full build)" % (statistics.median(again), statistics.median(again) / bt))
        if plain_times:
            pt = statistics.median(plain_times)
            print("  brief  plain       %7.2f s  (site-wide list on every page: %.2fx the plain build)" % (pt, bt / pt))
        if hugo_site:
            ht, hm = statistics.median(hugo_times), statistics.median(hugo_rss)
            print("  hugo   full build  %7.2f s  %7.0f MiB   %6.0f pages/s" % (ht, hm, pages / ht))
            print("  ratio brief/hugo   time %.2f   memory %.2f" % (bt / ht, bm / hm))
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(plain_out, ignore_errors=True)
        shutil.rmtree(hugo_out, ignore_errors=True)


if __name__ == "__main__":
    main()
