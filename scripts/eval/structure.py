#!/usr/bin/env python3
"""Evaluates the `sections` and `captions` stages on the development data.

Usage:
    scripts/eval/structure.py DATA_DIR [--galley PATH] [--repair] [--rules-only] [--json] [--show-errors N]

DATA_DIR is the shared data folder (the one with papers-structure-en/ and news-zh/). The script
drives the built binary through `galley stream --config <temporary pipeline.yaml>` (JSON Lines in,
one document JSON a line out); build it first with `swift build --product galley` (or -c release).
With --repair the temporary pipeline runs `cleanup` and `dehyphenate` first when the binary has them;
with --rules-only `sections` and `dehyphenate` run without the line-role model (`line_roles: false`).

What it measures (python3 standard library only):
- papers-structure-en/fulltext-tei: the TEI tags are stripped to get the input (`<lb/>` becomes a
  line break; the blank lines between elements stay). Truth headings are the `<head>` elements,
  truth captions the `<figure>` and `<table>` elements (GROBID puts a table's caption in the table
  zone) that carry a caption label (Figure/Fig./Table/Scheme/Chart N, letter-spaced labels too);
  figures that are only graphics text have no caption to find.
  Predicted headings are the sections' kicker, title and subtitle; predicted captions the
  document's captions. Matching is one-to-one on text with letters and digits only, lower case.
- news-zh/peoples_daily_1998_dev.txt: one document, one paragraph a line as in the file. Truth
  captions are the paragraphs ending with a credit `（…摄…）`; a credit alone on its line belongs to the
  paragraph above it. The expected credit is the bracketed text without `摄`/`摄影报道`/`摄于…` and
  without `本栏照片均为`-style lead-ins. Reports caption recall, credit accuracy among found captions,
  and how many captions were found that are not in the truth.
- The same papers split as the line-role model's training split them (every third paper by name is its
  validation part), each with and without the blank lines between blocks; and the Sogou items made into
  pages of five articles (headline line, body paragraphs one a line, no blank lines), the last 40 items
  (the model's validation part) apart from the others: headline recall and precision, bylines out.
- news-zh/sogou_tensite_sample.xml: each item becomes `<contenttitle>` + blank line + `<content>`.
  Headline found: the first section's title is the content title. Bylines: items whose content
  opens with a dateline and a bracketed byline (`…电（记者 …）`, `…消息（…）`, `…讯（…）`) or
  `…讯记者…报道`; taken out when no section body still holds it and some section's byline names the
  first reporter.
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata

# ---------------------------------------------------------------- running the binary


def find_galley(explicit):
    if explicit:
        return explicit
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for flavour in ("release", "debug"):
        path = os.path.join(root, ".build", flavour, "galley")
        if os.path.exists(path):
            return path
    sys.exit("galley binary not found: build it with `swift build --product galley` or pass --galley")


def stage_names(galley):
    out = subprocess.run([galley, "stages", "--json"], capture_output=True, text=True)
    try:
        data = json.loads(out.stdout)
        if isinstance(data, dict):
            data = data.get("stages", [])
        return {item["name"] for item in data}
    except (ValueError, KeyError, TypeError):
        return set(re.findall(r"^\s*(\w+)", out.stdout, re.M))


# --rules-only: `sections` and `dehyphenate` without the line-role model (`line_roles: false`).
RULES_ONLY = False


def run_stream(galley, documents, repair):
    stages = []
    if repair:
        available = stage_names(galley)
        stages += [name for name in ("cleanup", "dehyphenate") if name in available]
    stages += ["sections", "captions"]
    with tempfile.TemporaryDirectory() as folder:
        config = os.path.join(folder, "pipeline.yaml")
        os.makedirs(os.path.join(folder, "in"))
        with open(config, "w") as handle:
            # (`stream` reads standard input; the input folder is only named, apart from the output.)
            handle.write("version: 1\ninput:\n  paths: [in]\noutput:\n  dir: %s\nstages:\n" % os.path.join(folder, "out"))
            for name in stages:
                handle.write("  - use: %s\n" % name)
                if RULES_ONLY and name in ("sections", "dehyphenate"):
                    handle.write("    with: { line_roles: false }\n")
        payload = "".join(json.dumps({"id": ident, "text": text}, ensure_ascii=False) + "\n" for ident, text in documents)
        started = time.time()
        out = subprocess.run([galley, "stream", "--config", config], input=payload, capture_output=True, text=True)
        elapsed = time.time() - started
    if out.returncode != 0:
        sys.exit("galley stream failed (%d): %s" % (out.returncode, out.stderr[-2000:]))
    results = {}
    for line in out.stdout.splitlines():
        if line.strip():
            document = json.loads(line)
            results[document["id"]] = document
    return results, elapsed, stages


# ---------------------------------------------------------------- helpers


def norm(text):
    """Letters and digits only, lower case, NFKC (so full-width digits match)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if ch.isalnum())


def ratio(a, b):
    return a / b if b else 0.0


def match_one_to_one(predicted, truth, same):
    """Greedy matching in document order; returns the pairs (i, j)."""
    used = set()
    pairs = []
    for i, p in enumerate(predicted):
        for j, t in enumerate(truth):
            if j not in used and same(p, t):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


# ---------------------------------------------------------------- papers

LABEL = re.compile(r"^\s*(?:F\s?i\s?g\s?u\s?r\s?e|Fig\.?|FIGURE|FIG\.?|Table|TABLE|Tab\.|Scheme|Chart|Plate)\s*\(?[0-9IVX]+", re.M)


def tei_text(fragment):
    fragment = fragment.replace("<lb/>", "\n")
    fragment = re.sub(r"<[^>]+>", "", fragment)
    return html.unescape(fragment)


def paper_input(xml):
    body = re.search(r"<text[^>]*>(.*)</text>", xml, re.S).group(1)
    text = tei_text(body)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def heading_same(p, t):
    a, b = norm(p), norm(t)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(short) >= 0.7 * len(long_)


def caption_same(p, t):
    a = norm(p)[:50]
    return len(a) >= 6 and a in norm(t)


def evaluate_papers(galley, folder, repair, show, part="all", blank_lines=True):
    """part: all, or the line-role model's validation third (every third paper by name, as
    scripts/train/build_pages.py sets aside) or its training two thirds. Without blank_lines every blank
    line is removed from the input (as `pdftotext -raw` prints a paper)."""
    names = sorted(n for n in os.listdir(folder) if n.endswith(".xml"))
    if part != "all":
        names = [n for i, n in enumerate(names) if (i % 3 == 2) == (part == "validation")]
    documents, heads, figures = [], {}, {}
    for name in names:
        xml = open(os.path.join(folder, name), encoding="utf-8").read()
        ident = re.sub(r"[^A-Za-z0-9_.-]", "_", name.replace(".training.fulltext.tei.xml", ""))
        text = paper_input(xml)
        if not blank_lines:
            text = re.sub(r"\n\s*\n", "\n", text)
        documents.append((ident, text))
        heads[ident] = [" ".join(tei_text(h).split()) for h in re.findall(r"<head[^>]*>(.*?)</head>", xml, re.S)]
        figures[ident] = [tei_text(f) for f in re.findall(r"<(?:figure|table)[^>]*>(.*?)</(?:figure|table)>", xml, re.S)]
        figures[ident] = [f for f in figures[ident] if LABEL.search(f)]
    results, elapsed, stages = run_stream(galley, documents, repair)
    h_true = h_pred = h_hit = c_true = c_pred = c_hit = 0
    misses, false_heads, false_caps, missed_caps = [], [], [], []
    for ident, _ in documents:
        document = results[ident]
        predicted = []
        for section in document["sections"]:
            for key in ("kicker", "title", "subtitle"):
                if section.get(key):
                    predicted.append(section[key])
        pairs = match_one_to_one(predicted, heads[ident], heading_same)
        h_true += len(heads[ident]); h_pred += len(predicted); h_hit += len(pairs)
        hit_p = {i for i, _ in pairs}; hit_t = {j for _, j in pairs}
        false_heads += [(ident, p) for i, p in enumerate(predicted) if i not in hit_p]
        misses += [(ident, t) for j, t in enumerate(heads[ident]) if j not in hit_t]
        captions = [((c.get("label") or "") + " " + c["text"]) for c in document["captions"]]
        pairs = match_one_to_one(captions, figures[ident], caption_same)
        c_true += len(figures[ident]); c_pred += len(captions); c_hit += len(pairs)
        hit_p = {i for i, _ in pairs}; hit_t = {j for _, j in pairs}
        false_caps += [(ident, p) for i, p in enumerate(captions) if i not in hit_p]
        missed_caps += [(ident, " | ".join(t.split("\n"))[:120]) for j, t in enumerate(figures[ident]) if j not in hit_t]
    report = {
        "documents": len(documents), "seconds": round(elapsed, 2), "stages": stages,
        "heading_truth": h_true, "heading_predicted": h_pred, "heading_matched": h_hit,
        "heading_precision": round(ratio(h_hit, h_pred), 3), "heading_recall": round(ratio(h_hit, h_true), 3),
        "caption_truth": c_true, "caption_predicted": c_pred, "caption_matched": c_hit,
        "caption_precision": round(ratio(c_hit, c_pred), 3), "caption_recall": round(ratio(c_hit, c_true), 3),
    }
    if show:
        report["examples"] = {
            "missed_headings": misses[:show], "false_headings": false_heads[:show],
            "missed_captions": missed_caps[:show], "false_captions": false_caps[:show],
        }
    return report


# ---------------------------------------------------------------- People's Daily

CREDIT_AT_END = re.compile(r"（([^（）]*摄[^（）]*)）(?:（新华社稿）)?\s*$")


def expected_credit(inner):
    credit = re.sub(r"摄(影报道|影|于.*)?$", "", inner)
    credit = re.sub(r"^(本栏照片均为|本栏图片均为|本版图片均为|本版照片均为|图片均为|照片均为|压题照片)", "", credit)
    return credit.strip()


def evaluate_peoples_daily(galley, path, repair, show, separator):
    lines = [line.strip() for line in open(path, encoding="utf-8") if line.strip()]
    truth = []
    for index, line in enumerate(lines):
        match = CREDIT_AT_END.search(line)
        if not match:
            continue
        text = line[:match.start()].strip()
        if not text and index > 0:
            text = lines[index - 1]
        truth.append({"line": index, "text": text, "credit": expected_credit(match.group(1))})
    results, elapsed, stages = run_stream(galley, [("pd", separator.join(lines))], repair)
    captions = results["pd"]["captions"]

    def same(p, t):
        a, b = norm(p["text"]), norm(t["text"])
        if a and b:
            k = min(12, len(a), len(b))
            return a[:k] == b[:k] or a[-k:] == b[-k:]
        return norm(p.get("credit")) == norm(t["credit"])

    pairs = match_one_to_one(captions, truth, same)
    right = sum(1 for i, j in pairs if (captions[i].get("credit") or "") == truth[j]["credit"])
    body_leftovers = sum(1 for s in results["pd"]["sections"] for t in truth if t["credit"] and ("（" + t["credit"]) in s["text"] and (t["credit"] + "摄") in s["text"])
    report = {
        "paragraphs": len(lines), "separator": repr(separator), "seconds": round(elapsed, 2), "stages": stages,
        "caption_truth": len(truth), "captions_found": len(captions), "caption_matched": len(pairs),
        "caption_recall": round(ratio(len(pairs), len(truth)), 3),
        "credit_accuracy": round(ratio(right, len(pairs)), 3),
        "captions_not_in_truth": len(captions) - len(pairs),
        "credits_left_in_bodies": body_leftovers,
        "sections": len(results["pd"]["sections"]),
    }
    if show:
        hit_t = {j for _, j in pairs}; hit_p = {i for i, _ in pairs}
        report["examples"] = {
            "missed": [truth[j] for j in range(len(truth)) if j not in hit_t][:show],
            "extra": [captions[i] for i in range(len(captions)) if i not in hit_p][:show],
            "wrong_credit": [(captions[i].get("credit"), truth[j]["credit"]) for i, j in pairs
                             if (captions[i].get("credit") or "") != truth[j]["credit"]][:show],
        }
    return report


# ---------------------------------------------------------------- Sogou

LEAD_BRACKET = re.compile(r"^\s*([^，。：；（]{2,32}?(?:讯|电|消息))\s*（([^（）]{2,40})）")
LEAD_INLINE = re.compile(r"^\s*([^，。：；（]{2,30}?讯)\s*(记者[^，。（）]{2,34}?)报道")


def evaluate_sogou(galley, path, repair, show):
    xml = open(path, encoding="utf-8").read()
    items = re.findall(r"<contenttitle>(.*?)</contenttitle>\s*<content>(.*?)</content>", xml, re.S)
    documents, meta = [], {}
    for index, (title, content) in enumerate(items):
        title, content = html.unescape(title).strip(), html.unescape(content).strip()
        if not title or not content:
            continue
        ident = "sogou-%03d" % index
        documents.append((ident, title + "\n\n" + content))
        byline = None
        match = LEAD_BRACKET.match(content)
        if match and ("记者" in match.group(2) or "通讯员" in match.group(2) or len(match.group(2)) <= 16):
            byline = match.group(2)
        else:
            match = LEAD_INLINE.match(content)
            if match:
                byline = match.group(2)
        meta[ident] = (title, byline)
    results, elapsed, stages = run_stream(galley, documents, repair)
    found = with_byline = removed = 0
    missed_titles, kept_bylines = [], []
    for ident, (title, byline) in meta.items():
        document = results[ident]
        sections = document["sections"]
        if sections and norm(sections[0].get("title")) == norm(title):
            found += 1
        else:
            missed_titles.append((title, sections[0].get("title") if sections else None))
        if byline:
            with_byline += 1
            names = [n for n in re.split(r"[\s\u3000、，,]+", re.sub(r"记者|通讯员|实习生", " ", byline)) if n]
            first = names[0] if names else byline
            in_body = any(("（" + byline + "）") in s["text"] or s["text"].lstrip().startswith(byline) for s in sections)
            in_byline = any(first in (s.get("byline") or "") for s in sections)
            if in_byline and not in_body:
                removed += 1
            else:
                kept_bylines.append((byline, [s.get("byline") for s in sections]))
    report = {
        "items": len(meta), "seconds": round(elapsed, 2), "stages": stages,
        "headlines_found": found, "headline_rate": round(ratio(found, len(meta)), 3),
        "items_with_lead_byline": with_byline, "bylines_taken_out": removed,
        "byline_rate": round(ratio(removed, with_byline), 3),
    }
    if show:
        report["examples"] = {"missed_headlines": missed_titles[:show], "bylines_not_taken_out": kept_bylines[:show]}
    return report


def evaluate_sogou_pages(galley, path, repair, per_page=5, part="all"):
    """Sogou items made into pages of `per_page` articles, each a headline line and its body paragraphs,
    one a line, without blank lines. Headlines: the sections' titles against the items' headlines
    (one-to-one); bylines: leads whose byline left the body for a section's byline. part: all, or the
    last 40 items (the line-role model's validation part) or the others."""
    xml = open(path, encoding="utf-8").read()
    items = re.findall(r"<contenttitle>(.*?)</contenttitle>\s*<content>(.*?)</content>", xml, re.S)
    items = [(html.unescape(t).strip(), html.unescape(c).strip()) for t, c in items]
    items = [(t, c) for t, c in items if t and c]
    if part == "validation":
        items = items[-40:]
    elif part == "training":
        items = items[:-40]
    documents, truth = [], {}
    for start in range(0, len(items), per_page):
        group = items[start:start + per_page]
        ident = "sogou-page-%03d" % (start // per_page)
        lines = []
        for title, content in group:
            lines.append(title)
            lines += [p.strip() for p in re.split(r"\u3000\u3000|\s{2,}", content) if p.strip()]
        documents.append((ident, "\n".join(lines)))
        truth[ident] = group
    results, elapsed, stages = run_stream(galley, documents, repair)
    t_true = t_pred = t_hit = with_byline = removed = 0
    for ident, group in truth.items():
        sections = results[ident]["sections"]
        titles = [s["title"] for s in sections if s.get("title")]
        pairs = match_one_to_one(titles, [t for t, _ in group], lambda a, b: norm(a) == norm(b))
        t_true += len(group); t_pred += len(titles); t_hit += len(pairs)
        for _, content in group:
            match = LEAD_BRACKET.match(content)
            byline = match.group(2) if match and ("记者" in match.group(2) or "通讯员" in match.group(2) or len(match.group(2)) <= 16) else None
            if not byline:
                match = LEAD_INLINE.match(content)
                byline = match.group(2) if match else None
            if not byline:
                continue
            with_byline += 1
            names = [n for n in re.split(r"[\s\u3000、，,]+", re.sub(r"记者|通讯员|实习生", " ", byline)) if n]
            first = names[0] if names else byline
            in_body = any(("（" + byline + "）") in s["text"] for s in sections)
            if not in_body and any(first in (s.get("byline") or "") for s in sections):
                removed += 1
    return {"pages": len(documents), "articles": t_true, "seconds": round(elapsed, 2), "stages": stages,
            "headline_recall": round(ratio(t_hit, t_true), 3), "headline_precision": round(ratio(t_hit, t_pred), 3),
            "headlines_found": t_pred, "headlines_matched": t_hit,
            "items_with_lead_byline": with_byline, "bylines_taken_out": removed, "byline_rate": round(ratio(removed, with_byline), 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="the data folder (with papers-structure-en/ and news-zh/)")
    parser.add_argument("--galley", help="path to the galley binary (default: .build/release or .build/debug)")
    parser.add_argument("--repair", action="store_true", help="run cleanup and dehyphenate first when available")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rules-only", action="store_true", help="run sections and dehyphenate with line_roles: false")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="list N examples of each error")
    args = parser.parse_args()
    global RULES_ONLY
    RULES_ONLY = args.rules_only
    galley = find_galley(args.galley)
    report = {
        "papers": evaluate_papers(galley, os.path.join(args.data, "papers-structure-en", "fulltext-tei"), args.repair, args.show_errors),
        "peoples_daily": evaluate_peoples_daily(galley, os.path.join(args.data, "news-zh", "peoples_daily_1998_dev.txt"),
                                                args.repair, args.show_errors, "\n"),
        "peoples_daily_blank_lines": evaluate_peoples_daily(galley, os.path.join(args.data, "news-zh", "peoples_daily_1998_dev.txt"),
                                                            args.repair, 0, "\n\n"),
        "sogou": evaluate_sogou(galley, os.path.join(args.data, "news-zh", "sogou_tensite_sample.xml"), args.repair, args.show_errors),
    }
    tei = os.path.join(args.data, "papers-structure-en", "fulltext-tei")
    sogou = os.path.join(args.data, "news-zh", "sogou_tensite_sample.xml")
    for part in ("training", "validation"):
        report["papers_" + part] = evaluate_papers(galley, tei, args.repair, 0, part)
        report["papers_no_blank_lines_" + part] = evaluate_papers(galley, tei, args.repair, 0, part, blank_lines=False)
        report["sogou_pages_" + part] = evaluate_sogou_pages(galley, sogou, args.repair, 5, part)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    p, d, b, s = report["papers"], report["peoples_daily"], report["peoples_daily_blank_lines"], report["sogou"]
    print("papers (%d): headings P %.3f R %.3f (%d/%d/%d)  captions P %.3f R %.3f (%d/%d/%d)" % (
        p["documents"], p["heading_precision"], p["heading_recall"], p["heading_matched"], p["heading_predicted"], p["heading_truth"],
        p["caption_precision"], p["caption_recall"], p["caption_matched"], p["caption_predicted"], p["caption_truth"]))
    for name, r in (("people's daily", d), ("people's daily, blank lines", b)):
        print("%s: caption recall %.3f (%d/%d), credit accuracy %.3f, captions not in truth %d" % (
            name, r["caption_recall"], r["caption_matched"], r["caption_truth"], r["credit_accuracy"], r["captions_not_in_truth"]))
    print("sogou (%d): headlines %.3f (%d), lead bylines taken out %.3f (%d/%d)" % (
        s["items"], s["headline_rate"], s["headlines_found"], s["byline_rate"], s["bylines_taken_out"], s["items_with_lead_byline"]))
    print("line-role model's parts (training / validation):")
    for part in ("training", "validation"):
        for key, label in (("papers_", "papers"), ("papers_no_blank_lines_", "papers without blank lines")):
            r = report[key + part]
            print("  %s, %s (%d): headings P %.3f R %.3f  captions P %.3f R %.3f" % (
                label, part, r["documents"], r["heading_precision"], r["heading_recall"], r["caption_precision"], r["caption_recall"]))
        r = report["sogou_pages_" + part]
        print("  sogou pages of 5 articles, no blank lines, %s (%d articles): headlines R %.3f P %.3f, lead bylines taken out %.3f (%d/%d)" % (
            part, r["articles"], r["headline_recall"], r["headline_precision"], r["byline_rate"], r["bylines_taken_out"], r["items_with_lead_byline"]))
    if args.show_errors:
        print(json.dumps({k: v.get("examples") for k, v in report.items()}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
