#!/usr/bin/env python3
"""Measures the text-repair stages (cleanup, dehyphenate) on the development data.

    python3 scripts/eval/text_repair.py ../shared/data [--galley .build/debug/galley] [--json]

Runs the real binary through `galley stream` with temporary pipeline files and reports:

  * ocr-hyphenation-en: line-end hyphens of the English newspaper OCR ground truth. A `¬` at a
    line end marks a broken word (should be joined), a `-` a real hyphen (should be kept). The
    input is the ground truth with every mark printed as `-`, run through cleanup + dehyphenate;
    a break counts as right when the word it forms appears in the output exactly as in the
    ground truth (tokens aligned with difflib). Marks with no letter or digit right before them
    (`Passengers -`, a rule line) are not hyphenated words and are left out (counted).
  * mojibake: ftfy's cases, run through cleanup. `fixed` = cases whose original differs from
    the expected fix and that come out equal to it; `harmed` = cases that were already right and
    come out changed. ftfy's expected outputs also straighten curly quotes (its `uncurl_quotes`
    option, not a mojibake repair), so both sides are compared with quotes straightened and
    surrounding spaces trimmed.
  * news-zh/peoples_daily: paragraphs in page order grouped 30 to a document, separated by one
    blank line. In about half of the body paragraphs (those ending a sentence, 20 characters or
    more) a blank line is inserted at a random point mid-sentence (never right after 。！？；：
    or a closing quote after them), the way the seed's layout broke its paragraphs. Reports the
    share of inserted breaks healed and of real paragraph boundaries (headlines, bylines,
    datelines, captions) kept, and the boundaries the stage invented.
  * the seed: paragraphs healed (should be 8) and paragraphs written.

Every source is split into a development and a validation part by a fixed rule, decided before
any tuning, by whole documents or cases: Overproof articles and mojibake cases by the parity of the
CRC-32 of their id (document_id; label + original), People's Daily documents (30 paragraphs) by the
parity of their number. `--part dev` (the default while tuning) or `--part validation` measures one
side, `--part both` prints the two side by side. Tune on dev only.

Only the Python standard library is used. The data is read where it is and never copied.
"""

import argparse
import difflib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import zlib

def part_of(key):
    """The fixed split rule: 'dev' or 'validation' by the parity of the CRC-32 of a key."""
    if isinstance(key, int):
        return "dev" if key % 2 == 0 else "validation"
    return "dev" if zlib.crc32(key.encode("utf-8")) % 2 == 0 else "validation"


def in_part(key, part):
    return part == "all" or part_of(key) == part


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pipeline_file(stages):
    lines = ["version: 1", "input:", "  paths: [seeds]", "output:", "  dir: output", "stages:"]
    for name, options in stages:
        lines.append(f"  - use: {name}")
        if options:
            lines.append("    with: " + json.dumps(options))
    handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    handle.write("\n".join(lines) + "\n")
    handle.close()
    return handle.name


def stream(galley, stages, texts):
    """Runs `galley stream` on texts; returns the documents in input order."""
    config = pipeline_file(stages)
    try:
        payload = "".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
        result = subprocess.run([galley, "stream", "--config", config], input=payload.encode("utf-8"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        if result.returncode != 0:
            sys.exit(f"galley stream failed ({result.returncode}): {result.stderr.decode('utf-8', 'replace')}")
        documents = {}
        for line in result.stdout.decode("utf-8").split("\n"):
            if line.strip():
                document = json.loads(line)
                documents[document["id"]] = document
        return [documents[f"d{i}"] for i in range(len(texts))]
    finally:
        os.unlink(config)


# ---------------------------------------------------------------- OCR hyphenation

def hyphenation(data, galley, all_examples=False, part="all"):
    articles = []
    with open(os.path.join(data, "ocr-hyphenation-en", "overproof_train_en.jsonl"), encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if in_part(str(record["document_metadata"]["document_id"]), part):
                articles.append(record["ground_truth"]["transcription_unit"])
    inputs, expectations = [], []
    excluded = 0
    for truth in articles:
        inputs.append(re.sub(r"¬\n", "-\n", truth))
        # The expected text, with the token index of every event.
        expected = []
        events = []
        position = 0
        for match in re.finditer(r"([¬-])\n", truth):
            expected.append(truth[position:match.start()].replace("\n", " "))
            before = truth[match.start() - 1] if match.start() > 0 else " "
            after = truth[match.end()] if match.end() < len(truth) else " "
            kind = "break" if match.group(1) == "¬" else "compound"
            joined_so_far = "".join(expected)
            if before.isalnum() and after.isalnum():
                token_index = len(joined_so_far.split()) - 1 if joined_so_far and not joined_so_far[-1].isspace() else len(joined_so_far.split())
                left = re.search(r"[A-Za-z]*$", truth[:match.start()]).group(0)
                right = re.match(r"[A-Za-z]*", truth[match.end():]).group(0)
                events.append((kind, token_index, miss_category(kind, left, right, truth)))
            else:
                excluded += 1
            expected.append("" if kind == "break" else "-")
            position = match.end()
        expected.append(truth[position:].replace("\n", " "))
        expectations.append(("".join(expected).split(), events))
    outputs = stream(galley, [("cleanup", None), ("dehyphenate", None)], inputs)
    # Line breaks without a mark between two words (`some\ntime`): the truth keeps them apart, so
    # a word in the output made of the two (`sometime`) that the truth never writes is a false join.
    word_breaks, false_joins, false_examples = 0, 0, []
    for truth, document in zip(articles, outputs):
        produced_words = set(re.findall(r"[A-Za-z]+", document["text"]))
        flat_output = re.sub(r"\s+", " ", document["text"])
        flat_truth = re.sub(r"[¬-]\n", "", truth).replace("\n", " ")
        for match in re.finditer(r"([A-Za-z]{2,})\n([a-z]{2,})", truth):
            word_breaks += 1
            joined = match.group(1) + match.group(2)
            if (joined in produced_words and not re.search(rf"\b{joined}\b", flat_truth)
                    and not re.search(rf"\b{match.group(1)} {match.group(2)}\b", flat_output)):
                false_joins += 1
                false_examples.append(f"{match.group(1)}|{match.group(2)}")
    totals = {"break": [0, 0], "compound": [0, 0]}
    errors = []
    categories = {}
    for (tokens, events), document in zip(expectations, outputs):
        produced = document["text"].split()
        right = set()
        matcher = difflib.SequenceMatcher(None, tokens, produced, autojunk=False)
        for tag, a0, a1, _, _ in matcher.get_opcodes():
            if tag == "equal":
                right.update(range(a0, a1))
        for kind, index, category in events:
            totals[kind][1] += 1
            if index in right:
                totals[kind][0] += 1
                continue
            categories[category] = categories.get(category, 0) + 1
            if all_examples or len(errors) < 40:
                context = " ".join(tokens[max(0, index - 3):index + 3])
                errors.append((kind, tokens[index] if index < len(tokens) else "?", context, category) if all_examples
                              else (kind, tokens[index] if index < len(tokens) else "?"))
    return {
        "broken_words": totals["break"][1], "broken_joined": totals["break"][0],
        "joined_rate": ratio(totals["break"]),
        "compounds": totals["compound"][1], "compounds_kept": totals["compound"][0],
        "kept_rate": ratio(totals["compound"]),
        "excluded_marks": excluded, "errors": errors, "miss_categories": categories,
        "word_breaks": word_breaks, "false_joins": false_joins, "false_join_examples": false_examples,
    }


STREETS = {"street", "road", "lane", "place", "square", "terrace", "parade", "quay", "avenue", "grove"}
PREFIXES = {"non", "self", "ex", "well", "ill", "vice", "quasi", "great", "cross", "anti", "co", "pre", "re"}


def miss_category(kind, left, right, truth):
    """What a line-end mark is, as far as the text itself tells: used to sort the misses."""
    inline = re.sub(r"[¬-]\n", "\0", truth).replace("\n", " ")
    if left and right and re.search(rf"\b{left}-{right}\b", inline, flags=re.IGNORECASE):
        return f"{kind}: the document writes it with a hyphen inside a line"
    if left and right and re.search(rf"\b{left}{right}\b", inline, flags=re.IGNORECASE):
        return f"{kind}: the document writes it solid inside a line"
    if right.lower() in STREETS and left[:1].isupper():
        return f"{kind}: a street name"
    if right[:1].isupper() and any(c.islower() for c in left):
        return f"{kind}: a capital after the break"
    if left.lower() in PREFIXES:
        return f"{kind}: a compound prefix"
    if left.lower() == "to" and right.lower() in {"day", "night", "morrow"}:
        return f"{kind}: to-day, to-night, to-morrow"
    return f"{kind}: other"


def ratio(pair):
    right, total = pair
    return right / total if total else 0.0


# ---------------------------------------------------------------- mojibake

QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'"})


def comparable(text):
    return unicodedata.normalize("NFC", text.translate(QUOTES)).strip()


def mojibake(data, galley, options, part="all"):
    with open(os.path.join(data, "mojibake", "cases_dev.json"), encoding="utf-8") as handle:
        cases = [case for case in json.load(handle) if in_part(case["label"] + case["original"], part)]
    outputs = stream(galley, [("cleanup", options)], [case["original"] for case in cases])
    needs, fixed, right, harmed = 0, 0, 0, 0
    misses = []
    for case, document in zip(cases, outputs):
        out = comparable(document["text"])
        if comparable(case["original"]) == comparable(case["fixed"]):
            right += 1
            if out != comparable(case["original"]):
                harmed += 1
                misses.append(("harmed", case["label"], document["text"]))
        else:
            needs += 1
            if out == comparable(case["fixed"]):
                fixed += 1
            else:
                misses.append(("not fixed", case["label"], document["text"]))
    return {"cases": len(cases), "to_fix": needs, "fixed": fixed, "fixed_rate": fixed / needs if needs else 0.0,
            "already_right": right, "harmed": harmed, "misses": misses}


# ---------------------------------------------------------------- People's Daily

FINAL = set("。！？；：!?;:…")
CLOSERS = set("”’」』）)》")


def ends_sentence(text):
    text = text.rstrip("".join(CLOSERS))
    return bool(text) and text[-1] in FINAL


def squeeze(text):
    return "".join(unicodedata.normalize("NFKC", text).split())


def peoples_daily(data, galley, per_document=30, seed=1998, all_examples=False, part="all"):
    with open(os.path.join(data, "news-zh", "peoples_daily_1998_dev.txt"), encoding="utf-8") as handle:
        paragraphs = [line.strip() for line in handle if line.strip()]
    rng = random.Random(seed)
    texts, truths = [], []
    for start in range(0, len(paragraphs), per_document):
        group = paragraphs[start:start + per_document]
        pieces = []
        real, inserted = [], []
        offset = 0
        for index, paragraph in enumerate(group):
            if index > 0:
                real.append(offset)
            body = ends_sentence(paragraph) and len(paragraph) >= 20
            if body and rng.random() < 0.5:
                points = [k for k in range(1, len(paragraph))
                          if paragraph[k - 1] not in FINAL
                          and not (paragraph[k - 1] in CLOSERS and k >= 2 and paragraph[k - 2] in FINAL)
                          and not paragraph[k - 1].isspace() and not paragraph[k].isspace()]
                if points:
                    k = rng.choice(points)
                    pieces.append(paragraph[:k] + "\n\n" + paragraph[k:])
                    inserted.append(offset + len(squeeze(paragraph[:k])))
                else:
                    pieces.append(paragraph)
            else:
                pieces.append(paragraph)
            offset += len(squeeze(paragraph))
        if in_part(start // per_document, part):
            texts.append("\n\n".join(pieces))
            truths.append((set(real), set(inserted)))
    outputs = stream(galley, [("cleanup", None), ("dehyphenate", None)], texts)
    healed = inserted_total = kept = real_total = invented = 0
    examples = {"not healed": [], "joined": []}
    for (real, inserted), document, text in zip(truths, outputs, texts):
        found = set()
        offset = 0
        output_paragraphs = document["text"].split("\n\n")
        for index, paragraph in enumerate(output_paragraphs):
            if index > 0:
                found.add(offset)
            offset += len(squeeze(paragraph))
        inserted_total += len(inserted)
        healed += len(inserted - found)
        real_total += len(real)
        kept += len(real & found)
        invented += len(found - real - inserted)
        flat = squeeze(text.replace("\n\n", ""))
        for point in sorted(inserted & found)[:None if all_examples else 2]:
            if all_examples or len(examples["not healed"]) < 15:
                examples["not healed"].append(flat[max(0, point - 12):point] + " | " + flat[point:point + 12])
        for point in sorted(real - found)[:None if all_examples else 4]:
            if all_examples or len(examples["joined"]) < 60:
                examples["joined"].append(flat[max(0, point - 15):point] + " | " + flat[point:point + 15])
    return {"documents": len(texts), "inserted_breaks": inserted_total, "healed": healed,
            "healed_rate": healed / inserted_total if inserted_total else 0.0,
            "real_boundaries": real_total, "kept": kept, "kept_rate": kept / real_total if real_total else 0.0,
            "invented_boundaries": invented, "examples": examples}


def seed_check(galley):
    path = os.path.join(REPO, "seeds", "000_a961b149a5844a09.txt")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    document = stream(galley, [("cleanup", None), ("dehyphenate", None)], [text])[0]
    return {"healed": document["metadata"].get("dehyphenate.healed", 0),
            "paragraphs": len(document["text"].split("\n\n")),
            "single_blank_lines_only": "\n\n\n" not in document["text"]}


def measure(args, part):
    return {
        "part": part,
        "seed": seed_check(args.galley),
        "hyphenation": hyphenation(args.data, args.galley, args.all_misses, part),
        "mojibake_defaults": mojibake(args.data, args.galley, None, part),
        "mojibake_only": mojibake(args.data, args.galley, {"letter_spacing": False, "whitespace": False}, part),
        "peoples_daily": peoples_daily(args.data, args.galley, all_examples=args.all_misses, part=part),
    }


def print_report(args, report):
    part = report["part"]
    print(f"== {part} ==")
    seed = report["seed"]
    if seed:
        print(f"seed: {seed['healed']} paragraphs healed (target 8), {seed['paragraphs']} paragraphs, "
              f"single blank lines only: {seed['single_blank_lines_only']}")
    h = report["hyphenation"]
    print(f"[{part}] OCR hyphenation: broken words joined {h['broken_joined']}/{h['broken_words']} = {h['joined_rate']:.1%} (target ≥ 99%), "
          f"compounds kept {h['compounds_kept']}/{h['compounds']} = {h['kept_rate']:.1%} (target ≥ 90%); "
          f"{h['excluded_marks']} marks not after a letter left out")
    print(f"[{part}] OCR line breaks between two words: {h['word_breaks']}, wrongly joined into one "
          f"{h['false_joins']} ({h['false_joins'] / max(1, h['word_breaks']):.2%}; target 0)")
    for name in ("mojibake_defaults", "mojibake_only"):
        m = report[name]
        label = "cleanup defaults" if name == "mojibake_defaults" else "mojibake rule alone: letter_spacing and whitespace off"
        print(f"[{part}] mojibake ({label}): fixed {m['fixed']}/{m['to_fix']} = {m['fixed_rate']:.1%} (target ≥ 95%), "
              f"harmed {m['harmed']}/{m['already_right']} already right (target 0)")
    p = report["peoples_daily"]
    print(f"[{part}] People's Daily: inserted breaks healed {p['healed']}/{p['inserted_breaks']} = {p['healed_rate']:.1%} (target ≥ 99%), "
          f"real boundaries kept {p['kept']}/{p['real_boundaries']} = {p['kept_rate']:.1%} (target ≥ 99.5%), "
          f"{p['invented_boundaries']} boundaries invented")
    if args.pd_seeds:
        totals = [0, 0, 0, 0, 0]
        for seed in [int(x) for x in args.pd_seeds.split(",") if x.strip()]:
            q = peoples_daily(args.data, args.galley, seed=seed, part=part)
            totals = [a + b for a, b in zip(totals, [q["healed"], q["inserted_breaks"], q["kept"], q["real_boundaries"],
                                                     q["invented_boundaries"]])]
            print(f"[{part}] People's Daily, seed {seed}: healed {q['healed']}/{q['inserted_breaks']} = {q['healed_rate']:.1%}, "
                  f"kept {q['kept']}/{q['real_boundaries']} = {q['kept_rate']:.1%}, {q['invented_boundaries']} invented")
        print(f"[{part}] People's Daily, seeds {args.pd_seeds}: healed {totals[0]}/{totals[1]} = {ratio(totals[:2]):.2%}, "
              f"kept {totals[2]}/{totals[3]} = {ratio(totals[2:4]):.2%}, {totals[4]} invented")
    if args.verbose:
        if part == "validation":
            print("(misses of the validation part are not listed: do not tune on them)")
            return
        if args.all_misses:
            for error in h["errors"]:
                print("hyphenation error:", error)
        else:
            print("hyphenation errors:", h["errors"])
        print("false joins:", h["false_join_examples"])
        for category, count in sorted(h["miss_categories"].items(), key=lambda item: -item[1]):
            print(f"hyphenation misses, {category}: {count}")
        for miss in report["mojibake_only"]["misses"]:
            print("mojibake:", miss)
        for kind, items in p["examples"].items():
            for item in items:
                print(f"PD {kind}: {item}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="the development data folder (../shared/data)")
    parser.add_argument("--galley", default=os.environ.get("GALLEY_BIN") or os.path.join(REPO, ".build", "debug", "galley"),
                        help="the galley binary (default: $GALLEY_BIN, else .build/debug/galley)")
    parser.add_argument("--part", choices=["dev", "validation", "both", "all"], default="dev",
                        help="which side of the fixed split to measure (default dev; both: dev and validation in turn)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list misses (never those of the validation part)")
    parser.add_argument("--all-misses", action="store_true",
                        help="with --verbose: list every miss (with context), not only the first few")
    parser.add_argument("--pd-seeds", default="",
                        help="also measure People's Daily on the breaks of these random seeds (comma-separated): "
                             "other random break placements")
    args = parser.parse_args()
    if not os.path.exists(args.galley):
        sys.exit(f"{args.galley} not found: build it first (swift build --product galley)")
    parts = ["dev", "validation"] if args.part == "both" else [args.part]
    reports = [measure(args, part) for part in parts]
    if args.json:
        for report in reports:
            if report["part"] == "validation":
                for name in ("hyphenation", "mojibake_defaults", "mojibake_only", "peoples_daily"):
                    for key in ("errors", "misses", "examples", "miss_categories", "false_join_examples"):
                        report[name].pop(key, None)
        print(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=2))
        return
    for report in reports:
        print_report(args, report)


if __name__ == "__main__":
    main()
