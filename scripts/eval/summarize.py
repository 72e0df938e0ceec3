#!/usr/bin/env python3
"""Evaluates the `summarize` stage against lead-k and the standard extractive tools.

    python3 -m venv .eval-venv
    .eval-venv/bin/pip install sumy rouge-score jieba textrank4zh scipy
    swift build -c release --product galley
    .eval-venv/bin/python scripts/eval/summarize.py /work/shared/data [--galley .build/release/galley]

English (news-summaries-en: BBC business articles with human extractive summaries): ROUGE-1,
ROUGE-2 and ROUGE-L F1 (rouge-score, Porter stemming) of the article body's summary at ratio 0.4
for Galley, lead-k, sumy LexRank and sumy TextRank. Every system gets the same sentences
(Galley's splitter, obtained by running the stage with `ratio: 1.0`) and the same count k (the
number Galley chose, round(0.4 × sentences), at least 1), so only the choice differs. sumy
normally splits with NLTK's punkt, whose data cannot be downloaded here; it gets the sentences
and a plain regular-expression word tokenizer instead (its English stemmer and stop words as
usual).

Chinese (news-zh/sogou_tensite_sample.xml, and news-zh/peoples_daily_1998_dev.txt cut into
articles at headline-like lines, see read_peoples_daily): character ROUGE-1 F1 between the one-sentence summary
of the body and the article's headline (which the systems never see), for Galley, lead-1 and
textrank4zh (jieba words, its own sentence splitter). Characters are NFKC-folded; punctuation and
spaces are ignored.

Speed: documents per second summarizing ~2 KB articles (BBC bodies cut at a paragraph near 2 KB),
beside sumy LexRank in-process on the same articles. Galley's release binary runs them through
`galley stream --jobs 1 --metrics FILE`; the ratio compares like with like, Galley's stage
in-process (the runner's busy seconds for `summarize`, which include splitting the sentences
that sumy is given ready-made) against sumy's summarizer call. The two take turns on ten slices
of the work, so that a machine whose speed drifts weighs on both alike. The whole process
(start, JSON in and out) is reported too.

The headline is never given to any system. The data folder is read only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_galley(galley, options, texts, jobs=None, metrics=None):
    """Runs `galley stream` with one summarize stage; returns the summaries, in input order.
    With `metrics`, galley also writes its run metrics (per-stage busy time) to that path."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as config:
        config.write("version: 1\nstages:\n  - use: summarize\n    with: " + json.dumps(options) + "\n")
    try:
        command = [galley, "stream", "--config", config.name]
        if jobs:
            command += ["--jobs", str(jobs)]
        if metrics:
            command += ["--metrics", metrics]
        lines = "".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
        result = subprocess.run(command, input=lines.encode(), capture_output=True, check=True)
    finally:
        os.unlink(config.name)
    documents = [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]
    by_id = {d["id"]: d for d in documents}
    return [[s for section in by_id[f"d{i}"]["sections"] for s in (section["summary"] or [])] for i in range(len(texts))]


def read_bbc(data):
    folder = os.path.join(data, "news-summaries-en")
    articles = []
    for name in sorted(os.listdir(os.path.join(folder, "articles"))):
        with open(os.path.join(folder, "articles", name), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        with open(os.path.join(folder, "summaries", name), encoding="utf-8", errors="replace") as handle:
            reference = handle.read()
        headline, _, body = text.strip().partition("\n\n")
        articles.append((name, body.strip(), reference))
    return articles


class WordTokenizer:
    """A stand-in for sumy's punkt tokenizer: sentences are given, words by a regular expression."""
    language = "english"

    def to_words(self, sentence):
        return re.findall(r"[\w']+", sentence)

    def to_sentences(self, paragraph):
        raise NotImplementedError


def sumy_summarizers():
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words
    result = {}
    for name, kind in (("sumy LexRank", LexRankSummarizer), ("sumy TextRank", TextRankSummarizer)):
        summarizer = kind(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        result[name] = summarizer
    return result


def sumy_summary(summarizer, sentences, count):
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    tokenizer = WordTokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
    return [str(s) for s in summarizer(document, count)]


def evaluate_english(data, galley, limit):
    from rouge_score import rouge_scorer
    articles = read_bbc(data)[:limit]
    bodies = [body for _, body, _ in articles]
    chosen = run_galley(galley, {"ratio": 0.4, "min_chars": 0}, bodies)
    everything = run_galley(galley, {"ratio": 1.0, "min_chars": 0}, bodies)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems = ["Galley", "lead-k", "sumy LexRank", "sumy TextRank"]
    totals = {name: collections.defaultdict(float) for name in systems}
    summarizers = sumy_summarizers()
    for (name, body, reference), summary, sentences in zip(articles, chosen, everything):
        count = len(summary)
        expected = max(1, int(0.4 * len(sentences) + 0.5))
        assert count == expected, f"{name}: Galley chose {count} of {len(sentences)} sentences, expected {expected}"
        assert all(s in body for s in summary), f"{name}: a summary sentence is not verbatim"
        candidates = {
            "Galley": summary,
            "lead-k": sentences[:count],
            "sumy LexRank": sumy_summary(summarizers["sumy LexRank"], sentences, count),
            "sumy TextRank": sumy_summary(summarizers["sumy TextRank"], sentences, count),
        }
        for system, hypothesis in candidates.items():
            scores = scorer.score(reference, " ".join(hypothesis))
            for measure, score in scores.items():
                totals[system][measure] += score.fmeasure
    print(f"\n## English: news-summaries-en, {len(articles)} articles, ratio 0.4, F1 × 100\n")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L |")
    print("|---|---|---|---|")
    for system in systems:
        row = [100 * totals[system][m] / len(articles) for m in ("rouge1", "rouge2", "rougeL")]
        print(f"| {system} | " + " | ".join(f"{v:.2f}" for v in row) + " |")


def read_sogou(data):
    with open(os.path.join(data, "news-zh", "sogou_tensite_sample.xml"), encoding="utf-8", errors="replace") as handle:
        xml = handle.read()
    items = []
    for doc in re.findall(r"<doc>(.*?)</doc>", xml, re.S):
        title = re.search(r"<contenttitle>(.*?)</contenttitle>", doc, re.S)
        content = re.search(r"<content>(.*?)</content>", doc, re.S)
        if title and content and title.group(1).strip() and len(content.group(1).strip()) >= 50:
            items.append((title.group(1).strip(), content.group(1).strip()))
    return items


def read_peoples_daily(data):
    """Articles of the People's Daily sample, cut at headlines.

    The file is one paragraph a line in page order. A headline is a line of at most 45 characters
    without `。！？`, not a marker (`（Ａ、Ｄ）`), a dash-led list item, a byline (`本报记者…`) or a
    line ending in `：，；`; the first headline-like
    line of a run is the headline (the rest are subtitles and bylines). The article is the lines
    with a `。` up to the next headline; photo captions (`…摄）`) are left out. Articles under 150
    characters are skipped.
    """
    with open(os.path.join(data, "news-zh", "peoples_daily_1998_dev.txt"), encoding="utf-8", errors="replace") as handle:
        lines = [line.strip() for line in handle if line.strip()]

    def is_headline(line):
        return (len(line) <= 45 and not re.search(r"[。！？]", line) and not line.startswith(("（", "—", "本报记者"))
                and not line.endswith(("：", "，", "；")) and not re.fullmatch(r"[（(].{1,8}[）)]", line))

    items, headline, body, previous_was_headline = [], None, [], False
    for line in lines + ["。"]:
        if is_headline(line) and line != "。":
            if not previous_was_headline:
                if headline and sum(len(p) for p in body) >= 150:
                    items.append((re.sub(r"（附图片.*?）", "", headline), "\n\n".join(body)))
                headline, body = line, []
            previous_was_headline = True
            continue
        previous_was_headline = False
        if "。" in line and not re.search(r"摄）$", line):
            body.append(line)
    if headline and sum(len(p) for p in body) >= 150:
        items.append((headline, "\n\n".join(body)))
    return items


def characters(text):
    text = unicodedata.normalize("NFKC", text)
    return collections.Counter(c for c in text if c.isalnum())


def char_rouge1(summary, headline):
    a, b = characters(summary), characters(headline)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def evaluate_chinese(data, galley, limit):
    import networkx
    if not hasattr(networkx, "from_numpy_matrix"):
        networkx.from_numpy_matrix = networkx.from_numpy_array  # textrank4zh predates networkx 3
    import jieba
    jieba.setLogLevel(60)
    from textrank4zh import TextRank4Sentence
    for label, items in (("sogou_tensite_sample", read_sogou(data)[:limit]),
                         ("peoples_daily_1998_dev (articles cut at headlines)", read_peoples_daily(data)[:limit])):
        bodies = [body for _, body in items]
        chosen = run_galley(galley, {"sentences": 1, "min_chars": 0}, bodies)
        everything = run_galley(galley, {"ratio": 1.0, "min_chars": 0}, bodies)
        totals = collections.defaultdict(float)
        for (headline, body), summary, sentences in zip(items, chosen, everything):
            ranker = TextRank4Sentence()
            ranker.analyze(text=body, lower=True)
            key = ranker.get_key_sentences(num=1)
            totals["Galley"] += char_rouge1("".join(summary), headline)
            totals["lead-1"] += char_rouge1(sentences[0] if sentences else "", headline)
            totals["textrank4zh"] += char_rouge1(key[0]["sentence"] if key else "", headline)
        print(f"\n## Chinese: {label}, {len(items)} articles, one sentence vs the headline\n")
        print("| system | char ROUGE-1 F1 × 100 |")
        print("|---|---|")
        for system in ("Galley", "lead-1", "textrank4zh"):
            print(f"| {system} | {100 * totals[system] / len(items):.2f} |")


def two_kilobyte_articles(data):
    """BBC bodies cut after the paragraph that reaches 2,000 bytes (whole bodies when shorter)."""
    result = []
    for _, body, _ in read_bbc(data):
        kept, size = [], 0
        for paragraph in body.split("\n\n"):
            kept.append(paragraph)
            size += len(paragraph.encode()) + 2
            if size >= 2000:
                break
        if size >= 1500:
            result.append("\n\n".join(kept))
    return result


def evaluate_speed(data, galley, documents, sumy_documents):
    """Documents per second, by wall clock and by CPU time (the machine may be shared)."""
    import resource
    articles = two_kilobyte_articles(data)
    mean_size = sum(len(a.encode()) for a in articles) / len(articles)
    summarizer = sumy_summarizers()["sumy LexRank"]
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    split = run_galley(galley, {"ratio": 1.0, "min_chars": 0}, articles)
    tokenizer = WordTokenizer()
    # The machine's speed may drift over seconds (a shared virtual machine), so Galley and sumy
    # take turns on slices of the work, and each side's times are summed over all its slices.
    rounds = 10
    galley_seconds = galley_cpu_seconds = stage_seconds = 0.0
    stage_documents = 0
    sumy_seconds = sumy_cpu_seconds = 0.0
    for round_number in range(rounds):
        first = round_number * documents // rounds
        texts = [articles[i % len(articles)] for i in range(first, (round_number + 1) * documents // rounds)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            metrics_path = os.path.join(folder, "metrics.json")
            run_galley(galley, {"sentences": 3}, texts, jobs=1, metrics=metrics_path)
            galley_seconds += time.perf_counter() - start
            with open(metrics_path, encoding="utf-8") as handle:
                stage = next(s for s in json.load(handle)["run"]["stages"] if s["stage"] == "summarize")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        galley_cpu_seconds += after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        # The stage alone: the time galley's runner measured inside `process` (its busy
        # seconds), as sumy's is the time inside the summarizer call, both in-process, one thread.
        stage_seconds += stage["busy_seconds"]
        stage_documents += stage["documents_in"]
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(round_number * sumy_documents // rounds, (round_number + 1) * sumy_documents // rounds):
            sentences = split[i % len(split)]
            document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
            summarizer(document, 3)
        sumy_seconds += time.perf_counter() - start
        sumy_cpu_seconds += time.process_time() - cpu
    galley_wall = documents / galley_seconds
    galley_cpu = documents / galley_cpu_seconds
    stage_rate = stage_documents / stage_seconds
    sumy_wall = sumy_documents / sumy_seconds
    sumy_cpu = sumy_documents / sumy_cpu_seconds
    print(f"\n## Speed: {len(articles)} distinct articles of {mean_size:.0f} bytes on average, 3 sentences, one core\n")
    print("| system | documents/s (wall) | documents/s (CPU time) |")
    print("|---|---|---|")
    print(f"| Galley summarize stage, in-process (runner's busy time, sentence splitting included), "
          f"{documents} documents | {stage_rate:.0f} | |")
    print(f"| Galley, `galley stream --jobs 1`, {documents} documents, whole process with JSON in and out "
          f"| {galley_wall:.0f} | {galley_cpu:.0f} |")
    print(f"| sumy LexRank, in-process, sentences given, {sumy_documents} documents | {sumy_wall:.1f} | {sumy_cpu:.1f} |")
    print(f"\nGalley's stage / sumy LexRank, both in-process: {stage_rate / sumy_wall:.0f}× (by wall clock; "
          f"{stage_rate / sumy_cpu:.0f}× against sumy's CPU time).")
    print(f"Galley (whole process, JSON in and out) / sumy LexRank: {galley_wall / sumy_wall:.0f}× by wall clock, "
          f"{galley_cpu / sumy_cpu:.0f}× by CPU time.")
    print("The stage alone, in-process: `GALLEY_SUMMARIZE_ARTICLES=<data>/news-summaries-en/articles "
          "swift package --package-path Benchmarks benchmark --target Summarize`.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="the development data folder (e.g. /work/shared/data)")
    parser.add_argument("--galley", default=os.path.join(ROOT, ".build", "release", "galley"))
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles per set")
    parser.add_argument("--only", choices=["english", "chinese", "speed"], action="append")
    parser.add_argument("--speed-documents", type=int, default=20000)
    parser.add_argument("--sumy-documents", type=int, default=300)
    args = parser.parse_args()
    parts = args.only or ["english", "chinese", "speed"]
    if "english" in parts:
        evaluate_english(args.data, args.galley, args.limit)
    if "chinese" in parts:
        evaluate_chinese(args.data, args.galley, args.limit)
    if "speed" in parts:
        evaluate_speed(args.data, args.galley, args.speed_documents, args.sumy_documents)


if __name__ == "__main__":
    sys.exit(main())
