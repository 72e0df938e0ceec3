#!/usr/bin/env python3
"""Trains the line-role model (a linear-chain CRF, python-crfsuite) and writes it into the Swift sources.

Usage (from the repository root, after `swift build -c release --product galley-line-roles`):
    python3 -m venv .venv-train && .venv-train/bin/pip install python-crfsuite
    scripts/eval/split-real-pages.sh        # → /tmp/galley-real-pages/{dev,validation}
    .venv-train/bin/python scripts/train/train_line_roles.py ../shared/data \
        [--real-pages /tmp/galley-real-pages/dev] [--work /tmp/galley-line-roles] [--no-write] [--probe DIR] [--seed N]

`--probe DIR` also scores the model line by line on the real pages of DIR (labelled as build_pages.py labels the
development pages); train without `--real-pages` and probe the development pages to see how the model does on real
pages it was not trained on.

1. scripts/train/build_pages.py makes labelled pages from the data (see its docstring for the sources, the
   labels and the validation parts);
2. `galley-line-roles features` turns every line into its features — the same Swift code the stages run;
3. pycrfsuite trains a CRF (L-BFGS, L1 and L2 regularization) on the training pages;
4. the model is scored line by line on every validation part (per role precision, recall, F1);
5. the weights are written, rounded and with the near-zero ones dropped, to
   Sources/GalleyText/LineRoles/LineRoleModelData.swift (unless --no-write).
"""
import collections, json, os, re, subprocess, sys

import pycrfsuite

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, ".build", "release", "galley-line-roles")
OUTPUT = os.path.join(ROOT, "Sources", "GalleyText", "LineRoles", "LineRoleModelData.swift")
# Checked against c1 0.05 / c2 0.1 with 250 or 400 iterations, c1 0.2 / c2 0.1, c1 0.02 / c2 0.5 and c1 0.1 / c2 0.3
# (on training pages with OCR noise and photo captions added to the 1916 front pages): a stronger L2 term gains on the held-out parts of the training
# sources (People's Daily captions +0.06 to +0.11 F1) but loses on the development real pages left out of training
# (titles R/P through the default chain 0.664/0.704 → 0.648/0.681), the measure closer to unseen pages.
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def features(jsonl_path):
    with open(jsonl_path, "rb") as f:
        out = subprocess.run([TOOL, "features"], stdin=f, capture_output=True, check=True).stdout.decode("utf-8")
    pages = []
    for block in out.split("\n\n"):
        rows = [r.split("\t") for r in block.split("\n") if r]
        if rows:
            pages.append(([r[1:] for r in rows], [r[0] for r in rows]))
    return pages


def score(tagger, pages):
    tally = collections.defaultdict(lambda: [0, 0, 0])   # gold, predicted, right
    right = total = 0
    for xs, ys in pages:
        predicted = tagger.tag(xs)
        for g, p in zip(ys, predicted):
            tally[g][0] += 1
            tally[p][1] += 1
            if g == p:
                tally[g][2] += 1
                right += 1
            total += 1
    return right / max(total, 1), tally


def report(name, accuracy, tally):
    print(f"{name}: line accuracy {accuracy:.3f}")
    for role in sorted(tally, key=lambda r: -tally[r][0]):
        g, p, r = tally[role]
        if g == 0 and p == 0:
            continue
        precision, recall = r / p if p else 0.0, r / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"    {role:<10} gold {g:>6}  found {p:>6}  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")


def write_model(model_path):
    dump = model_path + ".txt"
    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    tagger.dump(dump)
    labels, transitions, state = [], [], collections.defaultdict(list)
    section = None
    for line in open(dump, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.endswith("= {"):
            section = line.split()[0]
            continue
        if line == "}":
            section = None
            continue
        if section == "LABELS":
            labels.append(line.split(":", 1)[1].strip())
        elif section == "TRANSITIONS":
            m = re.match(r"\s*\(1\) (\S+) --> (\S+): (\S+)", line)
            if m:
                transitions.append((m.group(1), m.group(2), float(m.group(3))))
        elif section == "STATE_FEATURES":
            m = re.match(r"\s*\(0\) (\S+) --> (\S+): (\S+)", line)
            if m and abs(float(m.group(3))) >= 0.005:
                state[m.group(1)].append((m.group(2), float(m.group(3))))
    lines = ["galley-line-roles 1", "labels " + " ".join(labels)]
    lines += [f"transition {a} {b} {w:.3f}" for a, b, w in transitions if abs(w) >= 0.005]
    for name in sorted(state):
        lines.append(f"feature {name} " + " ".join(f"{label}:{w:.3f}" for label, w in state[name]))
    body = "\n".join(lines)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write("// Generated by scripts/train/train_line_roles.py from the data its docstring lists: do not edit.\n")
        f.write("/// The trained line-role model (format in ``LineRoleModel``).\n")
        f.write("enum LineRoleModelData {\n    static let text = #\"\"\"\n")
        f.write(body)
        f.write("\n\"\"\"#\n}\n")
    print(f"wrote {OUTPUT}: {len(labels)} roles, {len(state)} features, {len(transitions)} transitions")


def main(argv):
    valued = ("--work", "--real-pages", "--probe", "--seed")
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] not in valued)]
    data = args[0] if args else os.path.join(ROOT, "..", "shared", "data")
    work = argv[argv.index("--work") + 1] if "--work" in argv else "/tmp/galley-line-roles"
    real = argv[argv.index("--real-pages") + 1] if "--real-pages" in argv else None
    os.makedirs(work, exist_ok=True)
    command = [sys.executable, os.path.join(ROOT, "scripts", "train", "build_pages.py"), data, work]
    if real:
        command += ["--real-pages", real]
    if "--seed" in argv:
        command += ["--seed", argv[argv.index("--seed") + 1]]
    subprocess.run(command, check=True)
    if not os.path.exists(TOOL):
        sys.exit("build the tool first: swift build -c release --product galley-line-roles")
    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in features(os.path.join(work, "train.jsonl")):
        trainer.append(xs, ys)
    trainer.set_params(PARAMS)
    model = os.path.join(work, "line-roles.crfsuite")
    trainer.train(model)
    tagger = pycrfsuite.Tagger()
    tagger.open(model)
    for name in sorted(os.listdir(work)):
        if name.startswith("validation-") and name.endswith(".jsonl"):
            report(name[len("validation-"):-len(".jsonl")], *score(tagger, features(os.path.join(work, name))))
    if "--probe" in argv:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import build_pages
        folder = argv[argv.index("--probe") + 1]
        for kind in sorted(os.listdir(folder)):
            if not os.path.isdir(os.path.join(folder, kind)):
                continue
            link = os.path.join(work, "probe", kind)   # one kind a folder, as real_pages reads them
            os.makedirs(link, exist_ok=True)
            if not os.path.exists(os.path.join(link, kind)):
                os.symlink(os.path.abspath(os.path.join(folder, kind)), os.path.join(link, kind))
            probe = os.path.join(work, f"probe-{kind}.jsonl")
            with open(probe, "w", encoding="utf-8") as f:
                for page in build_pages.real_pages(link):
                    f.write(json.dumps(page, ensure_ascii=False) + "\n")
            report(f"probe {kind}", *score(tagger, features(probe)))
    if "--no-write" not in argv:
        write_model(model)


if __name__ == "__main__":
    main(sys.argv[1:])
