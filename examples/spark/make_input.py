"""Writes the check's input: JSON Lines of newspaper-like pages, deterministic.

    python3 make_input.py SEED_PAGE COUNT > input.jsonl

Chinese pages are windows over the paragraphs of SEED_PAGE; English ones are made up, with
words broken at line ends. Some lines carry "id" and "source", most do not (their ids come
from their text), and a few are not documents at all (not JSON, no text, empty), as a real
feed has.
"""

import json
import sys

ENGLISH = [
    "The council met on Monday to discuss the river crossing.",
    "It approved the second plan for the bridge after a long de-\nbate about its cost.",
    "Residents welcomed the decision, said the mayor, who had cam-\npaigned for it.",
    "Work is to begin in the spring and take two years.",
    "Photo: the river at dawn (Photo: J. Smith)",
    "Opponents said the money would be better spent on schools.",
    "The vote was seven to two, with one member absent.",
    "A public meeting on the timetable is planned for next month.",
]


def main():
    seed, count = sys.argv[1], int(sys.argv[2])
    with open(seed, encoding="utf-8") as handle:
        paragraphs = [p.strip() for p in handle.read().split("\n\n") if p.strip()]
    out = sys.stdout
    for index in range(count):
        if index % 2 == 0:
            start = (index * 7) % len(paragraphs)
            text = "\n\n".join(paragraphs[start:start + 3 + index % 5])
        else:
            sentences = [ENGLISH[(index + k) % len(ENGLISH)] for k in range(3 + index % 4)]
            text = f"Council Report {index}\n\n" + "\n\n".join(sentences)
        line = {"text": text}
        if index % 5 == 1:
            line = {"id": f"page-{index:04d}", "text": text}
        elif index % 7 == 3:
            line = {"text": text, "source": f"feed/{index}.txt"}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        if index % 50 == 17:
            out.write("this line is not JSON\n")
        if index % 50 == 29:
            out.write(json.dumps({"id": f"empty-{index}", "title": "no text"}) + "\n")


if __name__ == "__main__":
    main()
