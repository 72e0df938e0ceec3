/// The source of a test plugin that misbehaves on request; written to a temporary folder by
/// the tests, so that the test target has no resource files.
enum MisbehavingPlugin {
    static let source = #"""
#!/usr/bin/env python3
"""A test plugin whose behaviour is chosen by the document's text:

    crash      exits with status 3 before answering
    hang       never answers (sleeps)
    garbage    answers a line that is not JSON
    wrong-id   answers for another document
    drop       answers {"drop": true}
    error      answers {"error": ...}
    two-lines  answers two lines for one document
    no-text    answers {"id": ...} alone
    sleep …    waits half a second, then upper-cases the text
    flood      writes 256 KB chunks without a newline, forever
    huge-counter  answers with a counter of 1.7e308
    escape     writes terminal escape sequences and a forged line to stderr, then answers
    anything else: upper-cases the text and counts the documents this process has seen
"""
import json
import os
import sys
import time

seen = 0
print(f"misbehaving plugin started, pid {os.getpid()}", file=sys.stderr, flush=True)
for line in sys.stdin:
    document = json.loads(line)
    seen += 1
    text = document["text"]
    if text == "crash":
        print("about to crash", file=sys.stderr, flush=True)
        sys.exit(3)
    elif text == "hang":
        time.sleep(3600)
    elif text == "garbage":
        answer = "this is not JSON"
    elif text == "wrong-id":
        answer = json.dumps({"id": "someone-else", "text": "x"})
    elif text == "drop":
        answer = json.dumps({"id": document["id"], "drop": True, "reason": "asked to"})
    elif text == "error":
        answer = json.dumps({"id": document["id"], "error": "cannot handle this"})
    elif text == "two-lines":
        answer = json.dumps(document) + "\n" + json.dumps(document)
    elif text.startswith("sleep "):
        time.sleep(0.5)
        document["text"] = text.upper()
        document["metadata"]["plugin.pid"] = os.getpid()
        answer = json.dumps(document)
    elif text == "flood":
        chunk = "x" * 262144
        while True:
            sys.stdout.write(chunk)
            sys.stdout.flush()
            time.sleep(0.005)
    elif text == "huge-counter":
        document["metadata"]["plugin.huge"] = 1.7e308
        answer = json.dumps(document)
    elif text == "escape":
        print("\x1b[2J\x1b[31mred\nfake error line", file=sys.stderr, flush=True)
        answer = json.dumps(document)
    elif text == "no-text":
        answer = json.dumps({"id": document["id"]})
    else:
        document["text"] = text.upper()
        document["metadata"]["plugin.seen"] = seen
        document["metadata"]["plugin.pid"] = os.getpid()
        document["metadata"]["plugin.env"] = os.environ.get("GALLEY_TEST_VALUE", "")
        answer = json.dumps(document, ensure_ascii=False)
    sys.stdout.write(answer + "\n")
    sys.stdout.flush()
"""#
}
