"""Catalog speed and memory: many generated articles, medpub against a Makefile of pandoc runs.

Run: ``python benchmarks/catalog.py`` (``--help`` for the sizes). What it measures, on the
articles it generates from the example's and the rich test article's shapes (slugs,
topic words, numbers and sentence order varied per article, so their narrations share
only what real catalogs share: disclaimers, reference lists):

1. an HTML-only catalog: ``medpub build DIR -f html`` against ``pandoc -s --citeproc`` once
   per article run by ``make -j2``, as a user's Makefile would;
2. the full four-format catalog, cold (empty output and speech cache), with ``--workers 1``
   and ``--workers 2``: articles per minute and the speed-up;
3. peak memory of each worker process for a small and a large catalog (the streaming check);
4. the one-sentence edit: the rebuild's time and how many sentences were synthesised;
5. task granularity: one task per article against one per article and format (writers'
   ``after`` order kept) on the same process pool.

Timing depends on the machine and its load; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHAPES = [ROOT / "examples" / "ketamine-therapy.md", ROOT / "tests" / "fixtures" / "rich" / "rich-article.md"]
MEDPUB = [sys.executable, "-m", "medpub"]
DRUGS = ["sertraline", "fluoxetine", "citalopram", "escitalopram", "paroxetine", "venlafaxine", "duloxetine",
         "bupropion", "mirtazapine", "trazodone", "vortioxetine", "agomelatine", "lithium", "quetiapine",
         "aripiprazole", "lamotrigine", "nortriptyline", "amitriptyline", "clomipramine", "imipramine",
         "phenelzine", "tranylcypromine", "moclobemide", "reboxetine", "desvenlafaxine", "vilazodone",
         "levomilnacipran", "brexpiprazole", "cariprazine", "lurasidone", "olanzapine", "risperidone",
         "buspirone", "hydroxyzine", "pregabalin", "gabapentin", "melatonin", "zuranolone", "brexanolone",
         "psilocybin", "tianeptine", "dextromethorphan", "memantine", "modafinil", "methylphenidate",
         "pramipexole", "minocycline", "celecoxib", "omega-3", "folate"]
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")


def vary(text: str, index: int) -> str:
    """One generated article: the shape's text with its own slug, topic word, numbers and sentence order."""
    rng = random.Random(index)
    drug = DRUGS[index % len(DRUGS)]
    text = re.sub(r"(?m)^slug: .*$", f"slug: article-{index:03d}", text, count=1)
    text = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1).rstrip(chr(34))} ({index})"
                  + ('"' if m.group(1).startswith('"') else ""), text, count=1)
    text = re.sub(r"\b(?:[Ee]s)?[Kk]etamine\b", lambda m: drug.capitalize() if m.group(0)[0].isupper() else drug, text)
    head, sep, body = text.partition("\n---\n")
    body = re.sub(r"\b(\d{1,2})(%| percent| mg| hours| weeks| minutes)",
                  lambda m: f"{max(1, int(m.group(1)) + rng.randint(-3, 6))}{m.group(2)}", body)
    paragraphs = body.split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        if paragraph[:1].isalpha() and paragraph.rstrip().endswith((".", "?")) and "\n-" not in paragraph:
            sentences = SENTENCE_END.split(paragraph.replace("\n", " "))
            rng.shuffle(sentences)
            paragraphs[number] = " ".join(sentences)
    return head + sep + "\n\n".join(paragraphs)


def generate(folder: Path, count: int) -> Path:
    """``count`` articles in ``folder`` (alternating the two shapes), with their images and lexicons."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHAPES[1].parent / "response-rates.png", folder / "response-rates.png")
    for index in range(count):
        shape = SHAPES[index % 2]
        path = folder / f"article-{index:03d}.md"
        path.write_text(vary(shape.read_text(encoding="utf-8"), index), encoding="utf-8")
        if shape.with_suffix(".pls").is_file():
            shutil.copy(shape.with_suffix(".pls"), path.with_suffix(".pls"))
    return folder


def adopt_orphans() -> None:
    """Make this process the reaper of its orphaned descendants (Linux), so the CPU time of a local
    pool's workers is counted too: the forkserver that reaps them outlives ``medpub`` and would
    otherwise be adopted, and reaped, by init."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap(patience: float = 10.0) -> None:
    """Reap every adopted descendant (a forkserver exits soon after its last client is gone)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                time.sleep(0.05)
        except ChildProcessError:
            return


def cpu_seconds() -> float:
    """CPU time (user + system) of every reaped descendant so far."""
    reap()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    return elapsed


def makefile(articles: list[Path], out: Path) -> str:
    targets = [out / f"{p.stem}.html" for p in articles]
    lines = [f"all: {' '.join(str(t) for t in targets)}", ""]
    for source, target in zip(articles, targets):
        lines += [f"{target}: {source}", f"\tpandoc -s --citeproc --resource-path={source.parent} {source} -o {target}", ""]
    return "\n".join(lines)


def html_catalog(work: Path, library: Path, runs: int) -> None:
    articles = sorted(library.glob("*.md"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg")}
    medpub, single, pandoc = [], [], []
    for run in range(runs):
        medpub.append(timed([*MEDPUB, "build", str(library), "-o", str(work / f"html-{run}"), "-f", "html", "-q"], env))
        single.append(timed([*MEDPUB, "build", str(library), "-o", str(work / f"html1-{run}"), "-f", "html", "-q",
                             "--workers", "1"], env))
        if shutil.which("pandoc") and shutil.which("make"):
            out = work / f"pandoc-{run}"
            out.mkdir()
            (work / "Makefile").write_text(makefile(articles, out), encoding="utf-8")
            pandoc.append(timed(["make", "-j2", "-s", "-f", str(work / "Makefile")], cwd=work))
    m, s = statistics.median(medpub), statistics.median(single)
    print(f"HTML-only catalog, {len(articles)} articles (median of {runs}, cold output folder):")
    print(f"  medpub build DIR -f html (workers = {os.cpu_count()})   {m:7.2f} s  ({len(articles) / m * 60:6.0f} articles/min)")
    print(f"  medpub build DIR -f html --workers 1        {s:7.2f} s")
    if pandoc:
        p = statistics.median(pandoc)
        print(f"  make -j2 of pandoc -s --citeproc            {p:7.2f} s  -> medpub {p / m:.1f}x faster")


def full_catalog(work: Path, library: Path, voice: str, workers_list: tuple[int, ...] = (1, 2)) -> None:
    count = len(list(library.glob("*.md")))
    seconds = {}
    for workers in workers_list:
        out, cache = work / f"full-{workers}", work / f"cache-{workers}"
        cpu, load = cpu_seconds(), os.getloadavg()[0]
        seconds[workers] = timed([*MEDPUB, "build", str(library), "-o", str(out), "--voice", voice, "-q",
                                  "--workers", str(workers), "--cache-dir", str(cache)],
                                 {**os.environ, "XDG_CACHE_HOME": str(work / f"xdg-{workers}")})
        used = cpu_seconds() - cpu
        chunks = sum(1 for _ in (cache / "speech").rglob("*.wav"))
        print(f"  full catalog, {count} articles, --voice {voice}, --workers {workers}: {seconds[workers]:7.1f} s "
              f"({count / seconds[workers] * 60:5.1f} articles/min, {chunks} sentences synthesised), "
              f"CPU {used:.1f} s ({used / seconds[workers]:.2f} cores busy); "
              f"load average before/after: {load:.1f}/{os.getloadavg()[0]:.1f}")
    if 1 in seconds and 2 in seconds:
        print(f"  speed-up of 2 workers over 1: {seconds[1] / seconds[2]:.2f}x")
        one_sentence_edit(work, library, voice)


def one_sentence_edit(work: Path, library: Path, voice: str) -> None:
    article = library / "article-000.md"
    text = article.read_text(encoding="utf-8")
    sentence = next(s for s in SENTENCE_END.split(text) if s.startswith("Ketamine was born") or "born in" in s)
    article.write_text(text.replace(sentence, sentence.replace(" born ", " first made "), 1), encoding="utf-8")
    cache = work / "cache-2"
    before = sum(1 for _ in (cache / "speech").rglob("*.wav"))
    elapsed = timed([*MEDPUB, "build", str(library), "-o", str(work / "full-2"), "--voice", voice, "-q",
                     "--cache-dir", str(cache)], {**os.environ, "XDG_CACHE_HOME": str(work / "xdg-2")})
    after = sum(1 for _ in (cache / "speech").rglob("*.wav"))
    print(f"  one-sentence edit of one article: rebuild {elapsed:.2f} s, {after - before} sentence(s) synthesised")


def _measured(source: str, out: str, options: object, threads: int) -> tuple[int, int, int]:
    """Build one article as a catalog worker does; (pid, peak RSS so far, RSS now) in MB."""
    from medpub.catalog.task import build_article

    result = build_article(source, out, options, threads=threads)  # type: ignore[arg-type]
    if result.status not in ("built", "up to date"):
        raise RuntimeError(f"{source}: {result.reason}")
    with open("/proc/self/statm") as statm:
        now = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, now


def memory(work: Path, sizes: list[int], voice: str, formats: tuple[str, ...]) -> None:
    from medpub.catalog.budget import worker_threads
    from medpub.catalog.run import process_pool
    from medpub.model.options import BuildOptions

    for size in sizes:
        library = generate(work / f"mem-lib-{size}", size)
        options = BuildOptions(voice=voice, cache_dir=work / f"mem-cache-{size}", formats=formats)
        peaks: dict[int, int] = {}
        after: dict[int, list[int]] = {}
        with process_pool(2) as pool:  # the pool ``medpub build DIR --workers 2`` uses, with its thread budget
            futures = [pool.submit(_measured, str(p), str(work / f"mem-out-{size}"), options, worker_threads(2))
                       for p in sorted(library.glob("*.md"))]
            for future in futures:
                pid, peak, now = future.result()
                peaks[pid] = max(peaks.get(pid, 0), peak)
                after.setdefault(pid, []).append(now)
        settled = [f"{rss[0]}..{rss[-1]}" for _, rss in sorted(after.items())]
        print(f"  {size:4d} articles ({','.join(formats)}, --voice {voice}): peak RSS per worker "
              f"{', '.join(f'{p} MB' for p in sorted(peaks.values()))} (RSS after each article, first..last: "
              f"{', '.join(settled)} MB)")


def _cpu_now() -> tuple[int, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return os.getpid(), usage.ru_utime + usage.ru_stime


def _article_task(source: str, out: str, options: object, threads: int) -> tuple[int, float]:
    """Granularity "article": the catalog's own task, all formats of one article."""
    from medpub.catalog.task import build_article

    result = build_article(source, out, options, threads=threads)  # type: ignore[arg-type]
    if result.status != "built":
        raise RuntimeError(f"{source}: {result.reason}")
    return _cpu_now()


def _format_task(source: str, out: str, options: object, threads: int, name: str) -> tuple[int, float]:
    """Granularity "format": one writer of one article. The article is loaded and prepared again for
    each format; the HTML and the EPUB read the narration's timings back from the MP3 and WebVTT
    an earlier task wrote, and the EPUB lays the PDF out again for its page map (what a writer
    in another process has to do without the in-memory artifacts of a whole-article build)."""
    from medpub.builder.build import _Job
    from medpub.readers.load import load

    Path(out).mkdir(parents=True, exist_ok=True)
    job = _Job(load(Path(source)), Path(out), options, True, None, threads)  # type: ignore[arg-type]
    job.publish([job.write_format(name)])
    return _cpu_now()


def granularity(work: Path, library: Path, voice: str, workers: int = 2) -> None:
    """One task per article against one task per article and format, on the same local process pool."""
    from concurrent.futures import FIRST_COMPLETED, Future, wait

    from medpub.catalog.budget import worker_threads
    from medpub.catalog.run import process_pool
    from medpub.model.options import BuildOptions
    from medpub.writers import FORMATS, build_order, writer_class

    sources = [str(p) for p in sorted(library.glob("*.md"))]
    threads = worker_threads(workers)
    for variant in ("article", "format"):
        out = work / f"grain-{variant}"
        options = BuildOptions(voice=voice, cache_dir=work / f"grain-cache-{variant}",
                               formats=build_order(FORMATS))
        cpu: dict[int, float] = {}
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with process_pool(workers) as pool:
            running: dict[Future[tuple[int, float]], tuple[str, str]] = {}
            done: dict[str, set[str]] = {s: set() for s in sources}
            if variant == "article":
                running = {pool.submit(_article_task, s, str(out), options, threads): (s, "all") for s in sources}
            else:
                for s in sources:  # writers nothing waits on first, article by article
                    for name in options.formats:
                        if not writer_class(name).after:
                            running[pool.submit(_format_task, s, str(out), options, threads, name)] = (s, name)
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    source, name = running.pop(future)
                    pid, seconds = future.result()
                    cpu[pid] = max(cpu.get(pid, 0.0), seconds)
                    done[source].add(name)
                    if variant == "format":
                        submitted = {n for s2, n in running.values() if s2 == source} | done[source]
                        for other in options.formats:
                            if other not in submitted and set(writer_class(other).after) <= done[source]:
                                running[pool.submit(_format_task, source, str(out), options, threads, other)] = \
                                    (source, other)
        elapsed = time.perf_counter() - start
        used = sum(cpu.values())
        print(f"  one task per {variant:7s}: {len(sources)} articles, --voice {voice}, {workers} workers: "
              f"{elapsed:6.1f} s ({len(sources) / elapsed * 60:5.1f} articles/min), worker CPU {used:.1f} s; "
              f"load average before/after {load:.1f}/{os.getloadavg()[0]:.1f}")
    same = _outputs(work / "grain-article") == _outputs(work / "grain-format")
    print(f"  the two granularities wrote {'the same' if same else 'DIFFERENT'} bytes")


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100, help="size of the HTML catalog")
    parser.add_argument("--full-articles", type=int, default=100, help="size of the four-format catalog")
    parser.add_argument("--voice", default="espeak", help="voice of the four-format catalog")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-sizes", default="10,100")
    parser.add_argument("--memory-formats", default="html,pdf,epub,audio")
    parser.add_argument("--grain-articles", type=int, default=8, help="size of the task-granularity catalog")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: html,full,memory,grain")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    work = Path(tempfile.mkdtemp(prefix="medpub-catalog-bench-"))
    adopt_orphans()
    try:
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        if "html" not in skip:
            html_catalog(work, generate(work / "library", args.articles), args.runs)
        if "full" not in skip:
            print("Four-format catalog, cold:")
            full_catalog(work, generate(work / "full-library", args.full_articles), args.voice)
        if "memory" not in skip:
            print("Peak memory per worker (2 worker processes):")
            memory(work, [int(n) for n in args.memory_sizes.split(",")], args.voice,
                   tuple(args.memory_formats.split(",")))
        if "grain" not in skip:
            print("Task granularity (a local process pool, cold):")
            granularity(work, generate(work / "grain-library", args.grain_articles), args.voice)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
