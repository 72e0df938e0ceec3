import GalleyCore
import GalleyText

/// A paragraph of a section body, with a bounded prefix and suffix decoded into scalars.
struct BodyParagraph {
    let text: Substring
    let head: [Unicode.Scalar]
    let tail: [Unicode.Scalar]
    /// The scalar count, capped at ``countLimit`` + 1.
    let cappedLength: Int
    /// Whether the paragraph has more than one line.
    let hasLineBreak: Bool

    static let headLimit = 96
    static let tailLimit = 64
    static let countLimit = 4_000

    /// Whether ``head`` holds the whole paragraph.
    var isShort: Bool { cappedLength <= Self.headLimit }

    /// A paragraph; `scalars` and `hasLineBreak` when the caller counted them already.
    init(_ text: Substring, scalars known: Int? = nil, hasLineBreak: Bool? = nil) {
        self.text = text
        let utf8 = text.utf8
        var count = 0
        if let known {
            count = known
        } else if utf8.count <= Self.countLimit * 4 {
            // Scalars are counted on the bytes (every byte that does not continue a sequence).
            for byte in utf8 where byte & 0xC0 != 0x80 { count += 1 }
        } else {
            count = Self.countLimit + 1
        }
        cappedLength = Swift.min(count, Self.countLimit + 1)
        self.hasLineBreak = hasLineBreak ?? utf8.contains(0x0A)
        // Both ends are decoded from the UTF-8 bytes directly, without the string views' index checks.
        let ends: ([Unicode.Scalar], [Unicode.Scalar])? = utf8.withContiguousStorageIfAvailable { bytes in
            var head: [Unicode.Scalar] = []
            head.reserveCapacity(Swift.min(Self.headLimit, bytes.count))
            var offset = 0
            while offset < bytes.count, head.count < Self.headLimit {
                let (scalar, length) = Self.decode(bytes, at: offset)
                head.append(scalar)
                offset += length
            }
            if offset == bytes.count { return (head, Array(head.suffix(Self.tailLimit))) }
            var start = bytes.count
            var found = 0
            while start > 0, found < Self.tailLimit {
                start -= 1
                if bytes[start] & 0xC0 != 0x80 { found += 1 }
            }
            var tail: [Unicode.Scalar] = []
            tail.reserveCapacity(Self.tailLimit)
            var position = start
            while position < bytes.count {
                let (scalar, length) = Self.decode(bytes, at: position)
                tail.append(scalar)
                position += length
            }
            return (head, tail)
        }
        if let ends {
            head = ends.0
            tail = ends.1
        } else {
            head = Array(text.unicodeScalars.prefix(Self.headLimit))
            tail = Array(text.unicodeScalars.suffix(Self.tailLimit))
        }
    }

    /// Decodes the scalar at `offset` of valid UTF-8.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int) {
        UTF8Scalars.decode(bytes, at: offset)
    }
}

/// Finds the captions in one section body and what stays in the body.
///
/// - A paragraph that opens with a caption label (`图为`, `图：`, `Figure 3:`, `Fig. 2.`, `Table 2`,
///   `Photo:`) is a caption; a label on a later line of a wrapped block starts the caption there.
/// - A paragraph that ends with a credit (`（新华社记者兰红光摄）`, `(AP Photo/Jane Doe)`) is a caption.
/// - A short paragraph whose last sentence starts with `图为` is a caption.
/// - A credit alone on its line (`陆新 摄`, `Credit: NASA`) is the credit of the paragraph before,
///   which becomes the caption when it is not one already.
struct CaptionFinder {
    var kinds: Set<String>
    /// Longest paragraph taken as the caption of a credit line below it.
    var maxCaptionLength: Int

    struct Result {
        var captions: [Caption]
        var body: [Substring]
    }

    /// `modelCaptions`: paragraphs the line-role model reads as a caption (``ModelCaptions``); each
    /// one not already taken by the rules above is a photo caption of its own, ending where the
    /// paragraph ends (the model reads the next paragraph as another role).
    func find(in text: String, section: Int, title: String?, modelCaptions: ModelCaptions = ModelCaptions()) -> Result {
        var captions: [Caption] = []
        var kept: [Substring] = []
        /// Index in `captions` of a caption that ended the kept paragraphs and still lacks a credit.
        var openCaption: Int?
        /// The last labelled caption and the position of the paragraph after it.
        var lastLabelled: (index: Int, next: Int)?
        var text = text
        text.makeContiguousUTF8()
        var pieces = paragraphs(of: text)
        if !modelCaptions.isEmpty { pieces = Self.splitAtCaptionEnds(pieces, modelCaptions) }
        var position = 0
        while position < pieces.count {
            let (piece, scalars, hasLineBreak, plain) = pieces[position]
            position += 1
            if plain, !modelCaptions.contains(piece) {
                // Nothing below can take it (``Piece/isPlain``): it stays in the body.
                openCaption = nil
                kept.append(piece)
                continue
            }
            let paragraph = BodyParagraph(piece, scalars: scalars, hasLineBreak: hasLineBreak)
            if paragraph.cappedLength <= 60, let credit = CaptionSignals.standaloneCredit(paragraph.head) {
                if let open = openCaption, captions[open].credit == nil {
                    captions[open].credit = credit
                    openCaption = nil
                    continue
                }
                guard kinds.contains("photo") else { kept.append(piece); continue }
                // `Photo by American Press Association.` at the foot of an old newspaper's photo: the
                // caption is the short block below it.
                if CaptionSignals.creditOpensCaption(piece.trimmingNewlines), position < pieces.count,
                   let (text, rest) = captionBelowCredit(pieces[position].0) {
                    captions.append(Caption(text: text, credit: credit, section: section, kind: "photo"))
                    position += 1
                    if let rest { kept.append(rest) }
                    openCaption = nil
                    continue
                }
                if let previous = kept.last, BodyParagraph(previous).cappedLength <= maxCaptionLength,
                   !CaptionSignals.isCreditLine(BodyParagraph(previous).head, isShort: BodyParagraph(previous).isShort) {
                    kept.removeLast()
                    captions.append(Caption(text: String(previous).collapsingLines, credit: credit, section: section, kind: "photo"))
                } else {
                    captions.append(Caption(text: title ?? "", credit: credit, section: section, kind: "photo"))
                }
                openCaption = nil
                continue
            }
            openCaption = nil
            // A name in capitals set into a column of running text (an old newspaper's portrait
            // caption: `NIKOLA TESLA.` between `…the in-` and `ventor says.`).
            if kinds.contains("photo"), position < pieces.count, let previous = kept.last,
               Self.isCapitalsCaption(paragraph), Self.endsMidSentence(previous) {
                captions.append(Caption(text: String(piece).collapsingLines, credit: nil, section: section, kind: "photo"))
                openCaption = captions.count - 1
                continue
            }
            if let (caption, before) = labelledCaption(paragraph) {
                if let before { kept.append(before) }
                if let caption, kinds.contains(caption.caption.kind ?? "photo") {
                    var found = caption.caption
                    found.section = section
                    if found.text.isEmpty, found.credit == nil {
                        // A label alone (`Table 1`, `图片：`): the caption is the next paragraph, if plain;
                        // a table's label, the first line of the next paragraph when the table's cells
                        // follow on the lines below it (the line-role layout sets the label apart).
                        guard caption.rest == nil, position < pieces.count else {
                            kept.append(caption.whole)
                            continue
                        }
                        let next = pieces[position].0
                        if isPlainCaptionText(BodyParagraph(next, scalars: pieces[position].1)) {
                            found.text = String(next).collapsingLines
                            position += 1
                        } else if found.kind == "table", let lineEnd = next.utf8.firstIndex(of: 0x0A),
                                  isPlainCaptionText(BodyParagraph(next[..<lineEnd])) {
                            found.text = String(next[..<lineEnd]).collapsingLines
                            let rest = next[next.index(after: lineEnd)...].trimmingNewlines
                            if !rest.isEmpty { kept.append(rest) }
                            position += 1
                        } else {
                            kept.append(caption.whole)
                            continue
                        }
                    }
                    // A Chinese document prints the caption again in English right below it (`图 2.1 …`
                    // then `Figure 2.1 …`): the translation goes on the caption, not a caption of its own.
                    if let last = lastLabelled, last.next == position - 1, Self.isTranslation(found, of: captions[last.index]) {
                        captions[last.index].text += " " + found.text
                        if let rest = caption.rest { kept.append(rest) }
                        lastLabelled = nil
                        continue
                    }
                    captions.append(found)
                    lastLabelled = (captions.count - 1, position)
                    // A credit line below belongs to a photo caption, not to a figure or table.
                    if found.credit == nil, found.kind == "photo" { openCaption = captions.count - 1 }
                    if let rest = caption.rest { kept.append(rest) }
                } else if let caption {
                    kept.append(caption.whole)
                }
                continue
            }
            if kinds.contains("photo"), paragraph.cappedLength <= maxCaptionLength * 2,
               let (credit, length) = CaptionSignals.trailingCredit(paragraph.tail) {
                let end = piece.unicodeScalars.index(piece.endIndex, offsetBy: -length)
                let text = String(piece[..<end]).collapsingLines
                captions.append(Caption(text: text, credit: credit, section: section, kind: "photo"))
                continue
            }
            if kinds.contains("photo"), paragraph.cappedLength <= maxCaptionLength,
               CaptionSignals.endsWithPictureSentence(paragraph.tail) {
                captions.append(Caption(text: String(piece).collapsingLines, credit: nil, section: section, kind: "photo"))
                openCaption = captions.count - 1
                continue
            }
            if kinds.contains("photo"), scalars <= maxCaptionLength, modelCaptions.contains(piece),
               ModelCaptions.hasWord(piece) {
                // Right below a figure or table caption, the model's caption paragraph is the rest of
                // that caption when the caption stops mid-sentence (a blank line inside it); below a
                // caption that ends a sentence it is the body going on, which the model cannot tell
                // apart from the figure's text: it stays in the body.
                if let last = lastLabelled, last.next == position - 1, captions[last.index].kind != "photo",
                   captions[last.index].credit == nil {
                    if let end = captions[last.index].text.unicodeScalars.last, !ModelCaptions.endsSentence(end) {
                        captions[last.index].text += " " + String(piece).collapsingLines
                        lastLabelled = (last.index, position)
                        continue
                    }
                    kept.append(piece)
                    continue
                }
                if ModelCaptions.startsAsCaption(piece) {
                    captions.append(Caption(text: String(piece).collapsingLines, credit: nil, section: section, kind: "photo"))
                    openCaption = captions.count - 1
                    continue
                }
            }
            // Body text that runs on into an old newspaper's credit line (`…the limited arm Photo by
            // American Press Association.`, lines joined across the photo): the credit and the caption
            // block below it leave the body.
            if kinds.contains("photo"), position < pieces.count, let (body, credit) = Self.runOnOpeningCredit(paragraph),
               let (text, rest) = captionBelowCredit(pieces[position].0, joined: true) {
                kept.append(body)
                captions.append(Caption(text: text, credit: credit, section: section, kind: "photo"))
                position += 1
                if let rest { kept.append(rest) }
                continue
            }
            kept.append(piece)
        }
        return Result(captions: captions, body: kept)
    }

    /// The caption in the paragraph below a credit that opens one (``CaptionSignals/creditOpensCaption(_:)``):
    /// the whole paragraph when it is short caption text that ends a sentence or is set in capitals;
    /// else its opening words in capitals when the text goes on in lowercase (`BETH LOWS tn England,
    /// …`: the body's lines joined to the caption's), with the rest for the body.
    ///
    /// `joined`: the body ran on into the credit (``runOnOpeningCredit(_:)``), so the lines around the
    /// photo were joined: the words in capitals are tried first.
    func captionBelowCredit(_ next: Substring, joined: Bool = false) -> (String, Substring?)? {
        if joined, let split = Self.capitalsOpening(next) { return split }
        let paragraph = BodyParagraph(next)
        if isPlainCaptionText(paragraph) {
            let last = Self.lastVisible(paragraph.tail)
            if Self.isCapitalsCaption(paragraph) || last.map({ ".!?\"”'’".unicodeScalars.contains($0) }) ?? false {
                return (String(next).collapsingLines, nil)
            }
        }
        return Self.capitalsOpening(next)
    }

    /// The words in capitals that open `next` when a word in lowercase follows them, and the rest.
    static func capitalsOpening(_ next: Substring) -> (String, Substring?)? {
        var index = next.startIndex
        var words = 0
        var letters = 0
        var end = next.startIndex
        while index < next.endIndex, words < 12 {
            while index < next.endIndex, next[index] == " " || next[index] == "\n" { index = next.index(after: index) }
            guard index < next.endIndex else { return nil }
            let wordEnd = next[index...].firstIndex(where: { $0 == " " || $0 == "\n" }) ?? next.endIndex
            let word = next[index..<wordEnd]
            if word.contains(where: { $0.isLowercase }) {
                guard words >= 2, letters >= 6, word.first?.isLowercase == true else { return nil }
                let rest = next[end...].trimmingNewlines
                return (String(next[..<end]).collapsingLines, rest.isEmpty ? nil : rest)
            }
            words += 1
            letters += word.filter { $0.isLetter }.count
            end = wordEnd
            index = wordEnd
        }
        return nil
    }

    /// The last scalar of `scalars` that is neither a layout space nor a line break.
    static func lastVisible<Scalars: BidirectionalCollection>(_ scalars: Scalars) -> Unicode.Scalar?
    where Scalars.Element == Unicode.Scalar {
        scalars.last(where: { !$0.isLayoutSpace && $0 != "\n" })
    }

    /// A short line in capitals (four letters or more, none lowercase) that ends with a full stop.
    static func isCapitalsCaption(_ paragraph: BodyParagraph) -> Bool {
        guard paragraph.isShort, paragraph.cappedLength <= 80 else { return false }
        var letters = 0
        for scalar in paragraph.head {
            if scalar.properties.isLowercase { return false }
            if scalar.properties.isUppercase { letters += 1 } else if scalar.properties.isAlphabetic { return false }
        }
        let last = Self.lastVisible(paragraph.head)
        return letters >= 4 && last == "."
    }

    /// Whether a body paragraph stops inside a sentence: on a lowercase letter, a comma or a hyphen.
    static func endsMidSentence(_ text: Substring) -> Bool {
        guard text.unicodeScalars.count > 60, let last = lastVisible(text.unicodeScalars) else { return false }
        return last.properties.isLowercase || last == "," || last == "-"
    }

    /// A paragraph that ends with a credit which opens a caption (`Photo by …`, `Copyright by …`)
    /// right after text that stops mid-sentence: the body before it and the credit.
    static func runOnOpeningCredit(_ paragraph: BodyParagraph) -> (Substring, String)? {
        guard mayHoldRunOnCredit(paragraph.tail) else { return nil }
        let tail = String(String.UnicodeScalarView(paragraph.tail))
        for marker in [" Photo by ", " Photos by ", " Photograph by ", " Copyright", " © "] {
            guard let range = tail.range(of: marker, options: .backwards) else { continue }
            let creditText = tail[tail.index(after: range.lowerBound)...]
            guard CaptionSignals.creditOpensCaption(creditText), let credit = CaptionSignals.englishCredit(String(creditText)),
                  let before = tail[..<range.lowerBound].unicodeScalars.last,
                  before.properties.isLowercase || before == "," else { continue }
            let length = creditText.unicodeScalars.count + 1
            let piece = paragraph.text
            let end = piece.unicodeScalars.index(piece.endIndex, offsetBy: -length)
            return (piece[..<end].trimmingNewlines, credit)
        }
        return nil
    }

    /// Whether `scalars` can hold one of ``runOnOpeningCredit(_:)``'s markers at all: a space
    /// before `Photo`, `Copyright` or `©`. One pass over the scalars, before any string is made,
    /// so that most paragraphs never reach the five searches through Foundation.
    static func mayHoldRunOnCredit(_ scalars: [Unicode.Scalar]) -> Bool {
        var space = scalars.firstIndex(of: " ")
        while let found = space {
            let rest = scalars[(found + 1)...]
            if rest.starts(with: "Photo".unicodeScalars) || rest.starts(with: "Copyright".unicodeScalars)
                || rest.first == "©" {
                return true
            }
            space = rest.firstIndex(of: " ")
        }
        return false
    }

    /// Paragraphs of several lines cut where the model shows a caption ends: between a line it reads
    /// as a caption and one it does not (body, a heading), and after a caption line that ends with a
    /// credit (`…受到群众的欢迎。 王小川摄`: the next caption starts on the next line).
    static func splitAtCaptionEnds(_ pieces: [(Substring, Int, Bool, Bool)],
                                   _ modelCaptions: ModelCaptions) -> [(Substring, Int, Bool, Bool)] {
        var result: [(Substring, Int, Bool, Bool)] = []
        result.reserveCapacity(pieces.count)
        for piece in pieces {
            guard piece.2 else { result.append(piece); continue }
            let lines = piece.0.split(separator: "\n", omittingEmptySubsequences: true)
            let isCaption = lines.map { modelCaptions.contains($0) }
            guard isCaption.contains(true) else { result.append(piece); continue }
            var start = 0
            for index in lines.indices {
                let last = index == lines.count - 1
                let ends = last || isCaption[index] != isCaption[index + 1]
                    || (isCaption[index] && CaptionSignals.trailingCredit(BodyParagraph(lines[index]).tail) != nil)
                guard ends else { continue }
                let group = piece.0[lines[start].startIndex..<lines[index].endIndex]
                let scalars = group.unicodeScalars.count
                result.append((group, scalars, start != index, false))
                start = index + 1
            }
        }
        return result
    }

    /// Whether `caption` (a Latin label: `Figure 2.1`) is the English of `previous` (a CJK label of
    /// the same number: `图 2.1`).
    static func isTranslation(_ caption: Caption, of previous: Caption) -> Bool {
        guard let label = caption.label, let before = previous.label, let first = before.unicodeScalars.first,
              first == "\u{56FE}" || first == "\u{8868}", label.unicodeScalars.first.map({ $0.isASCII }) ?? false else { return false }
        func number(_ text: String) -> String { String(text.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "." }) }
        return !number(label).isEmpty && number(label) == number(before)
    }

    /// A short paragraph that is neither a caption nor a credit by itself.
    private func isPlainCaptionText(_ paragraph: BodyParagraph) -> Bool {
        paragraph.cappedLength <= maxCaptionLength && CaptionSignals.label(paragraph.head) == nil
            && CaptionSignals.standaloneCredit(paragraph.head) == nil && CaptionSignals.trailingCredit(paragraph.tail) == nil
    }

    private struct Found {
        var caption: Caption
        var whole: Substring
        var rest: Substring?
    }

    /// A caption opened by a label, on the paragraph's first line or on a later line.
    private func labelledCaption(_ paragraph: BodyParagraph) -> (Found?, Substring?)? {
        let piece = paragraph.text
        if let label = CaptionSignals.label(paragraph.head) {
            return (found(piece, label: label), nil)
        }
        // A wrapped block whose later line opens a caption: figure text, then `Fig. 1. …`.
        guard paragraph.hasLineBreak else { return runInCaption(piece) }
        var lineStart = piece.startIndex
        var previousEndsSentence = false
        var previousShort = true
        var lineNumber = 0
        while lineStart < piece.endIndex {
            let lineEnd = piece[lineStart...].utf8.firstIndex(of: 0x0A) ?? piece.endIndex
            let line = piece[lineStart..<lineEnd]
            if lineNumber > 0, previousEndsSentence || previousShort, let first = line.unicodeScalars.first,
               "FTSCPEGM".unicodeScalars.contains(first) {
                let head = Array(line.unicodeScalars.prefix(80))
                if let label = CaptionSignals.latinLabel(head) {
                    let before = piece[..<lineStart].trimmingNewlines
                    return (found(piece[lineStart...], label: label), before.isEmpty ? nil : before)
                }
            }
            let trimmed = line.unicodeScalars.reversed().drop(while: { $0 == " " })
            previousEndsSentence = trimmed.first.map { $0 == "." || $0 == "\u{3002}" } ?? false
            // A short line of figure text (`Serum albumin (g/dL)`), not the start of a sentence (`As shown in`).
            previousShort = line.utf8.count <= 72 && line.unicodeScalars.count <= 24
                && !(trimmed.first.map { $0.isLowercase || $0 == "," } ?? false)
            lineNumber += 1
            lineStart = lineEnd == piece.endIndex ? lineEnd : piece.index(after: lineEnd)
        }
        return runInCaption(piece)
    }

    /// A figure or table caption whose lines were joined into the running text around it (raw PDF
    /// text: `…in Santa+Clara Figure 2: Graphical model … a single token. extraction arguments …`):
    /// a label with a colon after its number (`Figure 2:`, `Table 1:`; not `Figure 2 shows`) inside
    /// the paragraph, after a space. The caption ends with the sentence after which the body goes on
    /// in lowercase (the sentence the caption cut in two), or with the paragraph when little is left.
    private func runInCaption(_ piece: Substring) -> (Found?, Substring?)? {
        let scalars = piece.unicodeScalars
        var search = scalars.startIndex
        while let colon = scalars[search...].firstIndex(of: ":") {
            search = scalars.index(after: colon)
            // `Figure 12:` — the label word starts at most 12 scalars before the colon.
            guard colon > scalars.startIndex, CaptionSignals.isDigit(scalars[scalars.index(before: colon)]) else { continue }
            let lookBack = scalars.index(colon, offsetBy: -12, limitedBy: scalars.startIndex) ?? scalars.startIndex
            guard let space = scalars[lookBack..<colon].lastIndex(where: { $0 == " " }),
                  let labelStart = scalars[lookBack..<space].lastIndex(of: " ").map({ scalars.index(after: $0) }),
                  labelStart > scalars.index(after: scalars.startIndex) else { continue }
            let head = Array(scalars[labelStart...].prefix(80))
            guard let label = CaptionSignals.latinLabel(head), label.kind != "photo",
                  let separator = head.firstIndex(of: ":"), separator < label.length else { continue }
            // Where the caption ends: a sentence end followed by a word in lowercase.
            var end: String.UnicodeScalarView.Index?
            var index = scalars.index(labelStart, offsetBy: label.length)
            var read = 0
            while index < scalars.endIndex, read < maxCaptionLength {
                let next = scalars.index(after: index)
                if scalars[index] == ".", next < scalars.endIndex, scalars[next] == " " {
                    let word = scalars.index(after: next)
                    if word < scalars.endIndex, scalars[word].properties.isLowercase { end = next; break }
                }
                index = next
                read += 1
            }
            if end == nil, index == scalars.endIndex { end = scalars.endIndex }
            guard let captionEnd = end else { continue }
            var found = found(Substring(scalars[labelStart..<captionEnd]), label: label)
            let after = Substring(scalars[captionEnd...]).trimmingNewlines
            let before = Substring(scalars[..<labelStart]).trimmingNewlines
            if found.rest == nil, !after.isEmpty {
                // The body's sentence that the caption cut in two is one paragraph again.
                if !before.isEmpty { return (found, Substring(before + " " + after)) }
                found.rest = after
            }
            return (found, before.isEmpty ? nil : before)
        }
        return nil
    }

    private func found(_ piece: Substring, label: CaptionLabel) -> Found {
        var captionPart = piece
        var rest: Substring?
        if label.kind == "table" {
            // A table caption ends with its first sentence; the cells below stay in the body.
            (captionPart, rest) = splitTableCaption(piece)
        } else if label.label.hasPrefix("算法"), let lineEnd = piece.utf8.firstIndex(of: 0x0A) {
            // An algorithm's caption is its first line; the steps below stay in the body.
            captionPart = piece[..<lineEnd]
            let after = piece[piece.index(after: lineEnd)...].trimmingNewlines
            rest = after.isEmpty ? nil : after
        }
        let scalars = captionPart.unicodeScalars
        let start = scalars.index(scalars.startIndex, offsetBy: min(label.length, scalars.count))
        var text = captionPart[start...]
        var credit: String?
        let tail = Array(text.unicodeScalars.suffix(BodyParagraph.tailLimit))
        if let (found, length) = CaptionSignals.trailingCredit(tail) {
            credit = found
            text = text[..<text.unicodeScalars.index(text.endIndex, offsetBy: -length)]
        }
        let caption = Caption(text: String(text).collapsingLines, credit: credit, section: nil,
                              kind: label.kind, label: label.label.isEmpty ? nil : label.label)
        return Found(caption: caption, whole: piece, rest: rest)
    }

    /// Lines up to the first that ends a sentence (within the first five lines); a label alone on
    /// its line takes the next line too.
    private func splitTableCaption(_ piece: Substring) -> (Substring, Substring?) {
        var lineStart = piece.startIndex
        var lines = 0
        while lineStart < piece.endIndex, lines < 5 {
            let lineEnd = piece[lineStart...].utf8.firstIndex(of: 0x0A) ?? piece.endIndex
            let line = piece[lineStart..<lineEnd].trimmingTrailingSpaces
            lines += 1
            let words = line.split(separator: " ").count
            if line.hasSuffix(".") && (lines > 1 || words > 3) || lineEnd == piece.endIndex {
                let rest = lineEnd == piece.endIndex ? nil : piece[piece.index(after: lineEnd)...].trimmingNewlines
                return (piece[..<lineEnd], rest?.isEmpty == false ? rest : nil)
            }
            lineStart = piece.index(after: lineEnd)
        }
        // No sentence end: the label line and the line after it.
        var end = piece.startIndex
        for _ in 0..<2 {
            guard let next = piece[end...].utf8.firstIndex(of: 0x0A) else { return (piece, nil) }
            end = piece.index(after: next)
        }
        let captionEnd = piece.index(before: end)
        let rest = piece[end...].trimmingNewlines
        return (piece[..<captionEnd], rest.isEmpty ? nil : rest)
    }

    /// Paragraphs separated by blank lines, found in one pass over the UTF-8 bytes (contiguous
    /// in `text`), with their scalar counts, whether each has a line break inside, and whether it
    /// is plain (``isPlain(_:from:to:scalars:hasLineBreak:)``).
    private func paragraphs(of text: String) -> [(Substring, Int, Bool, Bool)] {
        var result: [(Substring, Int, Bool, Bool)] = []
        _ = text.utf8.withContiguousStorageIfAvailable { bytes in
            var pending = PendingParagraph()
            // Lines found eight bytes at a time; a blank one (spaces, tabs and carriage returns
            // only) ends the paragraph.
            UTF8Scalars.forEachLine(bytes) { lineStart, lineEnd, lineScalars in
                var offset = lineStart
                while offset < lineEnd, bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x0D { offset += 1 }
                if offset == lineEnd {
                    if let paragraph = paragraph(pending, endingAt: lineStart, of: text, bytes: bytes) { result.append(paragraph) }
                    pending = PendingParagraph()
                } else {
                    if pending.lines == 0 { pending.start = lineStart }
                    pending.lines += 1
                    pending.scalars += lineScalars
                }
            }
            if let paragraph = paragraph(pending, endingAt: bytes.count, of: text, bytes: bytes) { result.append(paragraph) }
        }
        return result
    }

    /// The non-blank lines read so far of a paragraph: where the first starts, their scalars.
    private struct PendingParagraph {
        var start = 0
        var scalars = 0
        var lines = 0
    }

    /// The paragraph of `pending` lines that ends at `end`, trimmed of line breaks and layout
    /// spaces at both ends (on the bytes); nil when nothing is left.
    private func paragraph(_ pending: PendingParagraph, endingAt end: Int, of text: String,
                           bytes: UnsafeBufferPointer<UInt8>) -> (Substring, Int, Bool, Bool)? {
        guard pending.lines > 0 else { return nil }
        var first = pending.start, last = end
        while first < last {
            if bytes[first] == 0x0A { first += 1 } else if let length = UTF8Scalars.layoutSpaceLength(bytes, at: first) {
                first += length
            } else { break }
        }
        while last > first {
            if bytes[last - 1] == 0x0A { last -= 1 } else if let length = UTF8Scalars.layoutSpaceLength(bytes, endingAt: last) {
                last -= length
            } else { break }
        }
        guard first < last else { return nil }
        let count = pending.scalars + pending.lines - 1
        let hasLineBreak = pending.lines > 1
        return (text.substring(utf8: first, last), count, hasLineBreak,
                isPlain(bytes, from: first, to: last, scalars: count, hasLineBreak: hasLineBreak))
    }

    /// Whether the paragraph `bytes[start..<end]` (trimmed) of `scalars` scalars is surely plain
    /// body text, told on its bytes without decoding it: longer than a standalone credit, not
    /// opening with a scalar that a caption label or opening starts with (nor, wrapped, a later
    /// line with a letter that a Latin label starts with), not ending with a bracket (a bracketed
    /// credit), and without `摄`, `供`, `图`, `Photo` or `Credit` among the bytes of its tail (what
    /// an unbracketed credit and a picture sentence need). Everything else is read in full.
    private func isPlain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, scalars: Int, hasLineBreak: Bool) -> Bool {
        guard scalars > 60 else { return false }
        let (first, length) = UTF8Scalars.decode(bytes, at: start)
        guard !CaptionSignals.mayOpenLabel(first, UTF8Scalars.decode(bytes, at: start + length).0) else { return false }
        let last = bytes[end - 1]
        if last == 0x29 || (last == 0x89 && end - start >= 3 && bytes[end - 3] == 0xEF && bytes[end - 2] == 0xBC) { return false }   // ) ）
        // A later line is read for a Latin label when it opens with one of `FTSCPEGM` (the second
        // byte: ASCII in every label and opener, a space in a letter-spaced one).
        if hasLineBreak, CaptionScan.hasLineOpening(bytes, from: start, to: end, where: { first, second in
            switch first {
            case 0x46, 0x54, 0x53, 0x43, 0x50, 0x45, 0x47, 0x4D:      // F T S C P E G M
                second == 0x20 || second >= 0x80 || CaptionSignals.mayOpenLabel(Unicode.Scalar(first), Unicode.Scalar(second))
            default:
                false
            }
        }) { return false }
        // A digit and a colon inside: a figure's label that the caption's lines were joined at.
        if CaptionScan.hasDigitColon(bytes, from: start, to: end) { return false }
        let tailStart = UTF8Scalars.startOfLast(BodyParagraph.tailLimit, in: bytes, from: start, to: end)
        return !CaptionScan.mayHoldCreditWord(bytes, from: tailStart, to: end)
    }
}

extension Substring {
    /// Without line breaks and spaces at both ends (on scalars, no grapheme breaking).
    var trimmingNewlines: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !($0 == "\n" || $0.isLayoutSpace) }),
              let last = scalars.lastIndex(where: { !($0 == "\n" || $0.isLayoutSpace) }) else { return self[endIndex...] }
        return Substring(scalars[first...last])
    }

    var trimmingTrailingSpaces: Substring {
        let scalars = unicodeScalars
        guard let last = scalars.lastIndex(where: { !$0.isLayoutSpace }) else { return self[endIndex...] }
        return Substring(scalars[..<scalars.index(after: last)])
    }
}

extension String {
    /// Lines of a wrapped caption joined: a space between Latin words, nothing between CJK.
    var collapsingLines: String {
        guard utf8.contains(0x0A) else { return collapsingSpaces }
        var result = ""
        for line in split(separator: "\n") {
            let piece = String(line).collapsingSpaces
            if piece.isEmpty { continue }
            if let last = result.unicodeScalars.last, let first = piece.unicodeScalars.first,
               !(last.isCJKLetter || last.isCJKPunctuation) || !(first.isCJKLetter || first.isCJKPunctuation) {
                result += " "
            }
            result += piece
        }
        return result
    }
}
