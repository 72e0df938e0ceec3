#!/usr/bin/env python3
"""Builds labelled training and validation pages for the line-role model from the shared data.

Usage: build_pages.py DATA_DIR OUT_DIR [--real-pages REAL_PAGES_DEV_DIR] [--seed N]

`--seed N` (default 16) seeds the random choices; other seeds show how much a figure moves by chance.

Writes OUT_DIR/train.jsonl and OUT_DIR/validation-<source>.jsonl, one page a line:
{"source": "...", "lines": ["text", ...], "labels": ["title", ...]} (a blank line has the label "").

Sources and how their lines get labels (every source keeps a validation part of whole documents that
training never sees):
- papers-structure-en/fulltext-tei (GROBID): `<lb/>` gives the PDF's lines; `<head>` → title, `<p>` and
  `<item>` → body, `<figure>` with a caption label → caption (a table's caption sentence → caption, its other
  lines → table), `<formula>` and unlabelled figure text → other. Every third paper (sorted by name) is
  validation.
- news-zh/peoples_daily_1998_dev.txt: one paragraph a line in page order; a headline is a line of at most 40
  characters without sentence punctuation at its end (or ending with a picture marker `（附图片…）`), a byline a
  short line opening with a reporter word, a caption a paragraph ending with a credit `（…摄…）`, a subtitle a
  line opening with `——`, the rest body; in half of the captions the bracketed credit is put on a line of its
  own below (→ credit). The last fifth of the file is validation.
- news-zh/sogou_tensite_sample.xml: `<contenttitle>` → title, `<content>` → body; the last 40 items are validation.
- news-summaries-en/articles: the headline → title, the paragraphs → body; articles above 400 are validation.
- ocr-hyphenation-en: the OCR text of each article, labelled from the ground truth aligned with it line by line
  (`article_head`): the head run at the top (lines in capitals or Title Case, bylines, datelines, bracketed source
  lines, before the running text) → title (its first lines, to the first full stop or the change of case), subtitle
  (the decks after it), byline, dateline; the rest body. Each group of articles makes a page as printed and a page set
  as a 1916 small-town front page (`front_page_article`: masthead furniture from templates, narrow columns, headlines
  wrapped, some in Title Case, some with a Title Case deck made from a BBC training headline, words cut at the
  margin, no blank lines). The last fifth of the articles are validation.
- real-pages development documents (only those given with --real-pages; pages 01, 03, 05): lines matched to
  the gold titles, subtitles, bylines and captions, `not_titles` → furniture (table when mostly digits), a
  paper's author block and the lines around it before the abstract → front.
Articles are put together into pages of several articles, in variants: blank lines between blocks or not,
paragraphs one a line or wrapped at a column width, and furniture lines (page and edition lines, running
heads, page numbers; made from templates, listed below) at the top and bottom of some pages.
"""
import glob, html, json, os, random, re, sys, unicodedata

random.seed(16)

SENT_END = "。！？!?.…”\"）)"


def fold(s):
    s = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in s or "")
    return re.sub(r"\s+", "", s).casefold()


def is_cjk(s):
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff") * 2 > len(s)


def wrap(text, width):
    """Hard-wraps a paragraph: CJK by characters, Latin by words."""
    if is_cjk(text):
        return [text[i:i + width] for i in range(0, len(text), width)] or [text]
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines or [text]


# ---------------------------------------------------------------- furniture (templates)

def furniture_lines(cjk):
    n = random.randint(1, 24)
    if cjk:
        options = [f"第{n}版", f"{random.randint(1990, 2012)}年{random.randint(1, 12)}月{random.randint(1, 28)}日 人民日报 第{n}版",
                   f"当前版：{n:02d}版", f"第{n}版({random.choice(['要闻', '国际', '经济', '社会', '摄影', '地方'])})",
                   "上一版  下一版", "返回目录", f"— {n} —", str(n)]
    else:
        options = [f"Page {n}", str(n), f"VOL. {random.choice(['X', 'XII', 'IV', 'XXI'])} NO. {n}",
                   f"THE {random.choice(['WEEKLY', 'DAILY', 'EVENING'])} {random.choice(['NEWS', 'HERALD', 'PIONEER', 'GAZETTE'])}",
                   f"Proceedings of the {n}th Annual Meeting, pages {n * 10}–{n * 10 + 8}", f"- {n} -"]
    return random.sample(options, random.randint(1, 2))


# ---------------------------------------------------------------- page assembly

def assemble(articles, source, cjk, blanks, wrap_width, furniture):
    """articles: lists of blocks (label, [lines] or text). Returns a page dict."""
    lines, labels = [], []

    def blank():
        if blanks and lines and lines[-1] != "":
            lines.append("")
            labels.append("")

    if furniture:
        for f in furniture_lines(cjk):
            lines.append(f)
            labels.append("furniture")
        blank()
    for article in articles:
        for label, content in article:
            if isinstance(content, str):
                content = wrap(content, wrap_width) if (wrap_width and label in ("body", "caption")) else [content]
            if label == "body" or label in ("caption", "table", "other"):
                blank()
            for line in content:
                lines.append(line)
                labels.append(label)
            if label in ("body", "caption", "table", "other"):
                blank()
        blank()
    if furniture and random.random() < 0.5:
        blank()
        lines.append(str(random.randint(1, 40)))
        labels.append("furniture")
    while lines and lines[-1] == "":
        lines.pop()
        labels.pop()
    return {"source": source, "lines": lines, "labels": labels}


def excerpts(articles, source, cjk, count):
    """Short pages: one to three blocks cut from anywhere in an article (a title or not), no furniture,
    so that a page of two sentences is read as body text, not as headings or furniture."""
    pages = []
    for _ in range(count):
        article = random.choice(articles)
        start = random.randrange(len(article))
        blocks = article[start:start + random.randint(1, 3)]
        if random.random() < 0.5:
            # Paragraphs of one or two sentences each (the first sentences of the blocks).
            blocks = [(label, first_sentence(content)) if label == "body" else (label, content) for label, content in blocks]
        group = [markdown(blocks) if random.random() < 0.2 else blocks]
        pages.append(assemble(group, source + "-short", cjk, random.random() < 0.7, 0, False))
    return pages


def first_sentence(content):
    text = content if isinstance(content, str) else " ".join(content)
    m = re.match(r"(.+?[。！？.!?])(\s|$)", text)
    return m.group(1) if m else text


def markdown(blocks):
    """The blocks as Markdown: titles as `#`, `##` or `###` headings."""
    out = []
    for label, content in blocks:
        if label == "title":
            marks = "#" * random.randint(1, 3)
            content = [f"{marks} {c}" for c in content] if isinstance(content, list) else f"{marks} {content}"
        out.append((label, content))
    return out


def pages_from(articles, source, cjk, per_page, variants):
    pages = excerpts(articles, source, cjk, len(articles) // 3) if variants > 1 or source == "bbc" else []
    index = 0
    while index < len(articles):
        n = random.randint(*per_page)
        group = articles[index:index + n]
        index += n
        for _ in range(variants):
            blanks = random.random() < 0.5
            width = random.choice([0, 0, random.randint(16, 34)]) if cjk else random.choice([0, 0, random.randint(35, 75)])
            pages.append(assemble(group, source, cjk, blanks, width, random.random() < 0.4))
    return pages


# ---------------------------------------------------------------- sources

def tei_papers(data):
    files = sorted(glob.glob(os.path.join(data, "papers-structure-en/fulltext-tei/*.xml")))
    train, val = [], []
    label_re = re.compile(r"^\s*(F\s*i\s*g|Fig|FIG|Table|TABLE|T\s*a\s*b\s*l\s*e|Scheme|Chart|Plate)")
    for number, path in enumerate(files):
        text = open(path, encoding="utf-8").read()
        body = text[text.find("<text"):]
        blocks = []
        for m in re.finditer(r"<(head|p|item|figure|formula|table|label)\b([^>]*)>(.*?)</\1>", body, re.S):
            tag, attrs, inner = m.group(1), m.group(2), m.group(3)
            raw = re.sub(r"<lb\s*/>", "\n", inner)
            raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
            lines = [re.sub(r"[ \t]+", " ", l).strip() for l in raw.split("\n")]
            lines = [l for l in lines if l]
            if not lines:
                continue
            if tag == "head":
                blocks.append(("title", lines))
            elif tag in ("p", "item"):
                blocks.append(("body", lines))
            elif tag == "figure" or tag == "table":
                if label_re.match(lines[0]):
                    if "table" in attrs or tag == "table" or lines[0].lstrip().lower().startswith(("t", "ta")):
                        end = next((i for i, l in enumerate(lines[:5]) if l.endswith(".")), 0)
                        blocks.append(("caption", lines[:end + 1]))
                        if lines[end + 1:]:
                            blocks.append(("table", lines[end + 1:]))
                    else:
                        blocks.append(("caption", lines))
                else:
                    blocks.append(("table" if "table" in attrs else "other", lines))
            else:
                blocks.append(("other", lines))
        # A paper is long: cut it into pages of about 60 lines.
        target = val if number % 3 == 2 else train
        page, size = [], 0
        for block in blocks:
            page.append(block)
            size += len(block[1])
            if size >= 60:
                target.append([page])
                page, size = [], 0
        if page:
            target.append([page])
    def build(groups, variants):
        out = []
        for group in groups:
            for _ in range(variants):
                page = [markdown(group[0])] if random.random() < 0.1 else group
                out.append(assemble(page, "papers", False, random.random() < 0.5, 0, random.random() < 0.3))
        if variants > 1:
            out += excerpts([g[0] for g in groups], "papers", False, len(groups) // 3)
        return out
    return build(train, 2), build(val, 1)


PD_REPORTER = re.compile(r"^[□■◎○●◇◆★☆▲△]?\s*(本报(特约|首席|实习)?记者|新华社记者|记者|通讯员|本报通讯员|特约记者|文／|文/)")
PD_CREDIT = re.compile(r"[（(][^（）()]*摄[^（）()]*[）)]\s*$")


def pd_label(line):
    s = line.strip()
    if s.startswith("——"):
        return "subtitle"
    if PD_CREDIT.search(s):
        return "caption"
    if len(s) <= 30 and PD_REPORTER.match(s) and not re.search(r"[，。；]", s):
        return "byline"
    if re.search(r"（附图片.{0,4}张）$|（图）$|（图片）$", s):
        return "title"
    if len(s) <= 40 and s[-1] not in "。！？”…；：，）" and not re.search(r"[。；]", s):
        return "title"
    return "body"


def peoples_daily(data):
    path = os.path.join(data, "news-zh/peoples_daily_1998_dev.txt")
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip()]
    cut = len(lines) * 4 // 5
    def articles(part):
        result, current = [], []
        for line in part:
            label = pd_label(line)
            if label == "title" and current and any(l == "body" for l, _ in current):
                result.append(current)
                current = []
            line = line.strip()
            credit = PD_CREDIT.search(line) if label == "caption" else None
            if credit and credit.start() > 0 and random.random() < 0.5:
                # Printed as on the page of the seed: the credit on a line of its own below the caption.
                current.append(("caption", line[:credit.start()].rstrip()))
                current.append(("credit", credit.group(0).strip().strip("（）()")))
            else:
                current.append((label, line))
        if current:
            result.append(current)
        return result
    return (pages_from(articles(lines[:cut]), "peoples-daily", True, (3, 6), 2),
            pages_from(articles(lines[cut:]), "peoples-daily", True, (5, 5), 1))


def sogou(data):
    text = open(os.path.join(data, "news-zh/sogou_tensite_sample.xml"), encoding="utf-8", errors="replace").read()
    items = re.findall(r"<contenttitle>(.*?)</contenttitle>\s*<content>(.*?)</content>", text, re.S)
    articles = []
    for title, content in items:
        title, content = title.strip(), content.strip()
        if not title or not content:
            continue
        paragraphs = [p.strip() for p in re.split(r"　　|\s{2,}", content) if p.strip()]
        articles.append([("title", title)] + [("body", p) for p in paragraphs])
    cut = len(articles) - 40
    return pages_from(articles[:cut], "sogou", True, (3, 6), 2), pages_from(articles[cut:], "sogou", True, (5, 5), 1)


def bbc(data):
    train, val = [], []
    for path in sorted(glob.glob(os.path.join(data, "news-summaries-en/articles/*.txt"))):
        parts = [p.strip() for p in open(path, encoding="utf-8", errors="replace").read().split("\n\n") if p.strip()]
        if len(parts) < 2:
            continue
        article = [("title", parts[0])] + [("body", p.replace("\n", " ")) for p in parts[1:]]
        (val if int(os.path.basename(path)[:3]) > 400 else train).append(article)
    return pages_from(train, "bbc", False, (3, 6), 1), pages_from(val, "bbc", False, (5, 5), 1)


WORD = re.compile(r"[A-Za-z][A-Za-z'’.&-]*")
SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "is", "be", "but", "not", "into", "its", "his", "her"}
WHEN = (r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec"
        r"|January|February|March|April|August|September|October|November|December)")
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+[.,]\s*(?i:" + WHEN + r")\.?( \d{1,2})?\.?( \(A\.A\.P\.\))?$")


def head_class(line, column=0):
    """The kind of a line of an article's head in the ground truth: "caps" (ALL CAPS), "titlecase" (every word
    of four letters or more capitalized), "byline", "dateline", "mark" (no letters: a rule or a lone number),
    "bracket" (a bracketed source line) or None (running text)."""
    s = line.strip().rstrip("¬").strip()
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2:
        return "mark"
    if re.match(r"^(By|BY)\s+[A-Z]", s) and len(s) <= 40:
        return "byline"
    if s[:1] in "([" and len(s) <= 60:
        return "bracket"
    if DATELINE.match(s) and len(s) <= 40:
        return "dateline"
    words = WORD.findall(s)
    if not words:
        return None
    if sum(c.isupper() for c in letters) * 10 >= len(letters) * 9:
        return "caps"
    # A lead-in (`SAYS the Memphis…`, `THE Missouri Democrat has…`): capitals, then running text.
    lead = next((w for w in words[:2] if len(w) >= 2), "")
    if lead.isupper() and any(w[:1].islower() for w in words[1:]):
        return None
    # A sentence that runs on: as wide as the column, and it ends with a comma, a hyphen or a small word.
    runs_on = line.rstrip().endswith((",", "-", "¬")) or (words[-1].lower() in SMALL and words[-1][:1].islower())
    if runs_on and len(line.strip()) >= 0.8 * column:
        return None
    long_words = [w for w in words if len(w.strip(".'’-")) >= 4 or w.lower() not in SMALL]
    if long_words and all(w[:1].isupper() or w.lower() in SMALL for w in long_words):
        return "titlecase"
    return None


def article_head(truth):
    """Labels of the lines of one article from its ground-truth lines: the head run at the top (the lines before
    the running text that are ALL CAPS, Title Case, bylines, datelines or bracketed source lines) split into the
    headline (its first lines, up to the first that ends with a full stop or until the case changes) and the
    decks (subtitle), a byline, a dateline; the rest body. Returns the labels, or None for an article whose first
    line is running text (a story without a headline: all body)."""
    labels = ["body"] * len(truth)
    widths = sorted(len(l.strip()) for l in truth if l.strip())
    column = widths[len(widths) // 2] if widths else 0
    classes = []
    for number, line in enumerate(truth):
        c = head_class(line, column)
        if c is None and number > 0 and truth[number - 1].rstrip().endswith("¬") and classes and classes[-1] != "mark":
            c = classes[-1]  # the rest of a word broken at the line end
        if c is None:
            break
        classes.append(c)
        if len(classes) >= 10:
            break
    if not classes or classes[0] not in ("caps", "titlecase"):
        return labels, False
    if len(classes) == len(truth):
        return labels, False  # a list of names or a table, not an article head
    title_class = classes[0]
    in_title = True
    for i, c in enumerate(classes):
        if c == "mark":
            labels[i] = "other"
            continue
        if c in ("byline", "dateline"):
            labels[i] = c
            in_title = False
            continue
        if c == "bracket":
            labels[i] = "byline" if re.search(r"\b(BY|By|FROM|From)\b", truth[i]) else "subtitle"
            in_title = False
            continue
        if i > 0 and labels[i - 1] == "byline" and c == "caps" and len(truth[i].split()) <= 3:
            labels[i] = "byline"  # `By A STAFF` / `CORRESPONDENT`
            continue
        if in_title and c == title_class and i <= 3:
            labels[i] = "title"
            if truth[i].rstrip("¬ ").endswith((".", "?", "!")):
                in_title = False
            continue
        in_title = False
        labels[i] = "subtitle"
    return labels, True


US_TOWNS = ["Carrizozo", "Cloverport", "Indiana", "Kendrick", "Ronan", "Columbia", "Marshall", "Greenville", "Salem",
            "Franklin", "Clinton", "Madison", "Georgetown", "Springfield", "Auburn", "Dayton", "Lexington", "Milford"]
US_COUNTIES = ["Lincoln", "Breckinridge", "Indiana", "Latah", "Missoula", "Boone", "Clark", "Marion", "Wayne", "Greene"]
US_STATES = ["New Mexico", "Kentucky", "Pennsylvania", "Idaho", "Montana", "Missouri", "Ohio", "Iowa", "Kansas", "Texas"]
PAPERS = ["OUTLOOK", "NEWS", "PATRIOT", "GAZETTE", "PIONEER", "HERALD", "MISSOURIAN", "CHRONICLE", "ENTERPRISE", "JOURNAL",
          "DEMOCRAT", "REPUBLICAN", "TRIBUNE", "SENTINEL", "COURIER"]
MONTHS = ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"]
DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]
ROMAN = ["I", "II", "III", "IV", "VI", "VII", "IX", "X", "XII", "XV", "XX", "XXIV", "XXXI"]


def masthead():
    """Masthead and date furniture of a small-town front page (templates; the words vary, the shapes are those
    of Chronicling America front pages)."""
    town, county, state = random.choice(US_TOWNS), random.choice(US_COUNTIES), random.choice(US_STATES)
    paper = f"{random.choice(['THE ', ''])}{town.upper()} {random.choice(PAPERS)}"
    month, day, year = random.choice(MONTHS), random.randint(1, 28), random.randint(1895, 1925)
    weekday = random.choice(DAYS)
    options = [
        f"Published Weekly in the Interest of {town}, and {county} County",
        f"VOL {random.choice(ROMAN)}. NO. {random.randint(1, 52)}",
        f"VOLUME {random.choice(ROMAN)} —No. {random.randint(1, 52)}",
        f"{town.upper()}, {county.upper()} COUNTY, {state.upper()}, {weekday}, {month} {day}, {year}",
        f"{town.upper()}, {state.upper()}, {weekday}, {month.title()} {day}, {year}.",
        f"PRICE ${random.randint(1, 2)}.{random.choice(['00', '50'])} PER YEAR",
        f"${random.randint(1, 2)}.{random.choice(['00', '50'])} Per Year",
        f"Entered as second-class matter at the post office at {town}, {state}, under the Act of March 3, 1879.",
        f"The Oldest Newspaper in {county} County",
        "ONE CENT", "FIVE CENTS A COPY", f"{month.title()} {day}, {year}",
    ]
    lines = [paper] + random.sample(options, random.randint(1, 4))
    if random.random() < 0.3:
        lines = [f"| {l} |" if random.random() < 0.5 else l for l in lines]
    return lines


def narrow(lines, width, split_words):
    """Running text re-set in a narrow column: the lines joined (a line-end hyphen joins the word) and wrapped at
    `width`; with `split_words`, a word that crosses the margin is cut where it crosses, without a hyphen, as
    the 1916 OCR prints it."""
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith(("-", "¬")):
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    out, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            room = width - len(current) - 1
            if split_words and room >= 2 and len(word) - room >= 2 and word.isalpha() and random.random() < 0.4:
                out.append(f"{current} {word[:room]}")
                current = word[room:]
                continue
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return out


def title_case(text):
    return " ".join(w if not w[:1].isalpha() else (w.lower() if w.lower() in SMALL and i else w[:1].upper() + w[1:].lower())
                    for i, w in enumerate(text.split()))


def front_page_article(lines, labels, decks):
    """One article set as on a 1916 front page: the headline wrapped in a narrow column (one to four lines, no
    full stop, sometimes in Title Case), decks wrapped too (sometimes a Title Case deck from `decks` added under
    the headline), the body re-set in a narrow column with words cut at the margin."""
    head = [(l, b) for l, b in zip(lines, labels) if b not in ("body",)]
    body_start = next((i for i, b in enumerate(labels) if b == "body"), len(labels))
    head = list(zip(lines[:body_start], labels[:body_start]))
    body = lines[body_start:]
    out = []
    title = " ".join(l for l, b in head if b == "title").strip()
    if title:
        if random.random() < 0.7:
            title = title.rstrip(". ")
        if random.random() < 0.25:
            title = title_case(title)
        for line in narrow([title], random.randint(12, 26), False):
            out.append(("title", line))
        added = False
        for line, label in head:
            if label == "title":
                continue
            if label == "subtitle" and not added and random.random() < 0.3 and decks:
                deck = title_case(random.choice(decks))
                out += [("subtitle", l) for l in narrow([deck], random.randint(22, 34), False)]
                added = True
            if label == "subtitle":
                out += [("subtitle", l) for l in narrow([line], random.randint(20, 34), False)]
            else:
                out.append((label, line))
        if not added and decks and random.random() < 0.3:
            deck = title_case(random.choice(decks))
            out[len([1 for l, b in out if b == "title"]):len([1 for l, b in out if b == "title"])] = \
                [("subtitle", l) for l in narrow([deck], random.randint(22, 34), False)]
    else:
        out += head
    width, split = random.randint(26, 38), random.random() < 0.7
    # Paragraphs: a body line that ends a sentence and is short ends a paragraph.
    paragraph = []
    for line, label in zip(body, labels[body_start:]):
        if label != "body":
            out += [("body", l) for l in narrow(paragraph, width, split)] if paragraph else []
            paragraph = []
            out.append((label, line))
            continue
        paragraph.append(line)
        if line.rstrip().endswith((".", '"', "”")) and len(line) < 40:
            out += [("body", l) for l in narrow(paragraph, width, split)]
            paragraph = []
    if paragraph:
        out += [("body", l) for l in narrow(paragraph, width, split)]
    return out


def bbc_headlines(data):
    """Headlines of the BBC training articles (numbers up to 400), used as Title Case decks on OCR front pages."""
    out = []
    for path in sorted(glob.glob(os.path.join(data, "news-summaries-en/articles/*.txt"))):
        if int(os.path.basename(path)[:3]) <= 400:
            first = open(path, encoding="utf-8", errors="replace").read().split("\n", 1)[0].strip()
            if 3 <= len(first.split()) <= 10:
                out.append(first)
    return out


def ocr_news(data, decks=()):
    """Overproof articles (OCR text, labels from the aligned ground truth, see ``article_head``), on pages of two
    kinds: as printed (their own column width), and re-set as a 1916 small-town front page (``front_page_article``,
    masthead furniture on top, no blank lines)."""
    articles = []
    for line in open(os.path.join(data, "ocr-hyphenation-en/overproof_train_en.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        ocr = d.get("ocr_hypothesis") or {}
        text = ocr.get("transcription_unit") if isinstance(ocr, dict) else ocr
        truth = (d.get("ground_truth") or {}).get("transcription_unit")
        if not text or not truth:
            continue
        ocr_lines, truth_lines = text.split("\n"), truth.split("\n")
        if len(ocr_lines) != len(truth_lines):
            continue
        labels, _ = article_head(truth_lines)
        kept = [(o.strip(), b) for o, b in zip(ocr_lines, labels) if o.strip()]
        if len(kept) < 3:
            continue
        articles.append(([o for o, _ in kept], [b for _, b in kept]))
    cut = len(articles) * 4 // 5
    def build(group_articles, per_page, variants):
        out = []
        for _ in range(variants):
            order = group_articles[:]
            random.shuffle(order)
            index = 0
            while index < len(order):
                n = random.randint(*per_page)
                chosen = order[index:index + n]
                index += n
                # As printed.
                out.append(assemble([[(b, [l]) for l, b in zip(*a)] for a in chosen], "ocr-news", False, False, 0,
                                    random.random() < 0.5))
                # As a 1916 front page.
                lines, labels = [], []
                for l in masthead():
                    lines.append(l)
                    labels.append("furniture")
                for number, a in enumerate(chosen):
                    for label, l in front_page_article(a[0], a[1], decks):
                        lines.append(l)
                        labels.append(label)
                    if random.random() < 0.1 and number < len(chosen) - 1:
                        f = masthead()[0]
                        lines.append(f)
                        labels.append("furniture")
                if random.random() < 0.1:
                    blanked = []
                    for l, b in zip(lines, labels):
                        if b in ("title",) and blanked and blanked[-1][1] != "title":
                            blanked.append(("", ""))
                        blanked.append((l, b))
                    lines, labels = [l for l, _ in blanked], [b for _, b in blanked]
                out.append({"source": "ocr-front", "lines": lines, "labels": labels})
        return out
    return build(articles[:cut], (5, 10), 1), build(articles[cut:], (6, 6), 1)


# ---------------------------------------------------------------- real-pages (development documents only)

def find_run(lines, labels, target, start, max_lines=5, prefix=False):
    """The first run of 1..max_lines unlabelled lines from `start` whose folded text equals the target."""
    want = fold(target)
    if not want:
        return None
    for order in (range(start, len(lines)), range(0, start)):
        for i in order:
            acc = ""
            for j in range(i, min(i + max_lines, len(lines))):
                if not lines[j].strip() or labels[j] not in ("body",):
                    break
                acc += fold(lines[j])
                if acc == want or (prefix and len(acc) >= 8 and want.startswith(acc) is False and acc.startswith(want[:max(8, len(want) // 2)]) and j == i):
                    return i, j + 1
                if not want.startswith(acc):
                    break
    return None


def real_pages(folder):
    pages = []
    for gold_path in sorted(glob.glob(os.path.join(folder, "*/*.gold.json"))):
        gold = json.load(open(gold_path, encoding="utf-8"))
        text = open(gold_path.replace(".gold.json", ".txt"), encoding="utf-8", errors="replace").read()
        lines = text.split("\n")
        labels = ["" if not l.strip() else "body" for l in lines]
        nots = {fold(x) for x in gold.get("not_titles") or []}
        for i, l in enumerate(lines):
            if l.strip() and fold(l) in nots:
                f = fold(l)
                labels[i] = "table" if sum(c.isdigit() for c in f) * 10 >= len(f) * 3 and i > 10 else "furniture"
        cursor = 0
        for number, s in enumerate(gold.get("sections") or []):
            run = find_run(lines, labels, s["title"], cursor)
            if not run:
                continue
            for k in range(*run):
                labels[k] = "title"
            cursor = run[1]
            for role in ("subtitle", "byline"):
                if s.get(role):
                    r = find_run(lines, labels, s[role], cursor, max_lines=10)
                    if r and r[0] - cursor <= 3:
                        for k in range(*r):
                            labels[k] = "front" if (role == "byline" and number == 0 and gold.get("kind") == "sci-pdf") else role
                        cursor = r[1]
            if number == 0 and gold.get("kind") == "sci-pdf":
                # Front matter: the lines from the top to the abstract or first heading that are not the title.
                for k in range(0, len(lines)):
                    if labels[k] == "title" and k >= run[1]:
                        break
                    if labels[k] == "body" and (k < run[0] or k >= run[1]):
                        labels[k] = "front"
                    if fold(lines[k]).startswith("abstract"):
                        break
        for c in gold.get("captions") or []:
            start = fold(c["text_starts"])[:24]
            for i, l in enumerate(lines):
                if labels[i] == "body" and fold(l).startswith(start):
                    labels[i] = "caption"
                    j = i + 1
                    while j < len(lines) and j < i + 6 and labels[j] == "body" and not lines[j - 1].rstrip().endswith(tuple("。.")):
                        labels[j] = "caption"
                        j += 1
                    if c.get("credit") and j < len(lines) and labels[j] == "body" and fold(c["credit"]) in fold(lines[j]) and len(lines[j].strip()) <= 30:
                        labels[j] = "credit"
                    break
        page = {"source": "real-pages-dev", "lines": lines, "labels": labels}
        pages.append(page)
        # The same page without its blank lines.
        kept = [(l, b) for l, b in zip(lines, labels) if b]
        pages.append({"source": "real-pages-dev", "lines": [l for l, _ in kept], "labels": [b for _, b in kept]})
    return pages


def main(argv):
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] not in ("--real-pages", "--seed"))]
    data, out = args[0], args[1]
    real = argv[argv.index("--real-pages") + 1] if "--real-pages" in argv else None
    if "--seed" in argv:
        random.seed(int(argv[argv.index("--seed") + 1]))
    os.makedirs(out, exist_ok=True)
    train = []
    decks = bbc_headlines(data)
    for name, build in (("papers", tei_papers), ("peoples-daily", peoples_daily), ("sogou", sogou), ("bbc", bbc),
                        ("ocr-news", lambda d: ocr_news(d, decks))):
        t, v = build(data)
        train += t
        with open(os.path.join(out, f"validation-{name}.jsonl"), "w", encoding="utf-8") as f:
            for page in v:
                f.write(json.dumps(page, ensure_ascii=False) + "\n")
        print(f"{name}: {len(t)} training pages, {len(v)} validation pages", file=sys.stderr)
    if real:
        r = real_pages(real)
        train += r * 3
        print(f"real-pages-dev: {len(r)} pages (x3)", file=sys.stderr)
    random.shuffle(train)
    with open(os.path.join(out, "train.jsonl"), "w", encoding="utf-8") as f:
        for page in train:
            f.write(json.dumps(page, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
