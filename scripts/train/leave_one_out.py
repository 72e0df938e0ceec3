#!/usr/bin/env python3
"""Leave-one-out check of the line-role model on the development real pages of one kind.

Usage (from the repository root, set up as for train_line_roles.py):
    .venv-train/bin/python scripts/train/leave_one_out.py ../shared/data /tmp/galley-real-pages/dev \
        [--kind en-news-ocr] [--seeds 16,17,18] [--work /tmp/galley-line-roles-loo]

For every seed of build_pages.py and every development page of the kind, a model is trained on the training
pages plus all the other development real pages (x3, as train_line_roles.py --real-pages does) and scored line by
line on the page left out; a model trained with no real pages at all is scored on every page of the kind. It prints
title and subtitle precision, recall and F1 per page and summed over the pages, per seed, and the mean over seeds:
the figure for real pages the model was not trained on, which the development scores (the pages are in training)
cannot give. Nothing is written to the Swift sources.
"""
import collections, glob, json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_pages
import train_line_roles as T

import pycrfsuite

ROLES = ("title", "subtitle")


def page_features(page, work, name):
    path = os.path.join(work, name + ".jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(page, ensure_ascii=False) + "\n")
    return T.features(path)


def train(base, extra, work, name):
    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in base:
        trainer.append(xs, ys)
    for _ in range(3):
        for xs, ys in extra:
            trainer.append(xs, ys)
    trainer.set_params(T.PARAMS)
    model = os.path.join(work, name + ".crfsuite")
    trainer.train(model)
    tagger = pycrfsuite.Tagger()
    tagger.open(model)
    return tagger


def tally(tagger, pages):
    t = collections.defaultdict(lambda: [0, 0, 0])
    for xs, ys in pages:
        for g, p in zip(ys, tagger.tag(xs)):
            t[g][0] += 1
            t[p][1] += 1
            if g == p:
                t[g][2] += 1
    return t


def prf(g, p, r):
    precision, recall = (r / p if p else 0.0), (r / g if g else 0.0)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main(argv):
    valued = ("--kind", "--seeds", "--work")
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] not in valued)]
    data, dev = args[0], args[1]
    kind = argv[argv.index("--kind") + 1] if "--kind" in argv else "en-news-ocr"
    seeds = [int(s) for s in (argv[argv.index("--seeds") + 1] if "--seeds" in argv else "16").split(",")]
    work = argv[argv.index("--work") + 1] if "--work" in argv else "/tmp/galley-line-roles-loo"
    os.makedirs(work, exist_ok=True)
    # The real pages, one page (and its copy without blank lines) per document.
    docs = {}
    for gold in sorted(glob.glob(os.path.join(dev, "*", "*.gold.json"))):
        name = os.path.basename(gold)[:-len(".gold.json")]
        link = os.path.join(work, "real", name, os.path.basename(os.path.dirname(gold)))
        os.makedirs(link, exist_ok=True)
        for suffix in (".gold.json", ".txt"):
            target = os.path.join(link, name + suffix)
            if not os.path.exists(target):
                os.symlink(os.path.realpath(gold[:-len(".gold.json")] + suffix), target)
        docs[name] = [f for page in build_pages.real_pages(os.path.dirname(link))
                      for f in page_features(page, work, f"real-{name}-{len(page['lines'])}")]
    held = [n for n in docs if n.startswith(kind + "-")]
    means = collections.defaultdict(list)
    for seed in seeds:
        out = os.path.join(work, f"seed{seed}")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build_pages.py"),
                        data, out, "--seed", str(seed)], check=True, stderr=subprocess.DEVNULL)
        base = T.features(os.path.join(out, "train.jsonl"))
        rows = {}
        none = train(base, [], out, "none")
        for name in held:
            rows[("none", name)] = tally(none, docs[name])
        for name in held:
            others = [f for n, fs in docs.items() if n != name for f in fs]
            rows[("loo", name)] = tally(train(base, others, out, f"without-{name}"), docs[name])
        for config in ("none", "loo"):
            total = collections.defaultdict(lambda: [0, 0, 0])
            for name in held:
                t = rows[(config, name)]
                for role in ROLES:
                    for k in range(3):
                        total[role][k] += t[role][k]
                print(f"seed {seed} {config:<4} {name}: " + "  ".join(
                    f"{role} P/R/F1 {'/'.join(f'{x:.3f}' for x in prf(*t[role]))}" for role in ROLES))
            figures = {role: prf(*total[role]) for role in ROLES}
            print(f"seed {seed} {config:<4} all: " + "  ".join(
                f"{role} P/R/F1 {'/'.join(f'{x:.3f}' for x in figures[role])}" for role in ROLES))
            for role in ROLES:
                means[(config, role)].append(figures[role])
    for config in ("none", "loo"):
        print(f"mean over seeds {seeds} {config}: " + "  ".join(
            f"{role} P/R/F1 " + "/".join(f"{sum(v[k] for v in means[(config, role)]) / len(seeds):.3f}" for k in range(3))
            for role in ROLES))


if __name__ == "__main__":
    main(sys.argv[1:])
