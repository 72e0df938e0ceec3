#!/usr/bin/env python3
"""A Galley plugin: upper-cases section titles and drops documents marked DRAFT.

Galley starts this program once per worker and keeps it for the whole run. It writes one
document per line (JSON) on our standard input; we answer one line per document on standard
output, with the same "id":

    the changed document          {"id": "...", "text": "...", "sections": [...], ...}
    drop it                        {"id": "...", "drop": true, "reason": "..."}
    fail it                        {"id": "...", "error": "..."}

Anything we print on standard error goes to Galley's log under the stage's name
(print(..., file=sys.stderr)); nothing but answers may go to standard output.
Use it in pipeline.yaml:

    - use: external
      name: shout
      with: { command: [python3, examples/plugins/shout_titles.py], workers: 2, timeout: 10 }
"""
import json
import sys


def handle(document):
    if document["text"].lstrip().startswith("DRAFT"):
        return {"id": document["id"], "drop": True, "reason": "marked DRAFT"}
    for section in document.get("sections") or []:
        if section.get("title"):
            section["title"] = section["title"].upper()
    document.setdefault("metadata", {})["shout.documents"] = 1
    return document


def main():
    for line in sys.stdin:  # one document per line, until Galley closes our input
        document = json.loads(line)
        try:
            answer = handle(document)
        except Exception as error:  # fail this document only; keep serving the others
            answer = {"id": document["id"], "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()  # answer now: Galley waits for this line


if __name__ == "__main__":
    main()
