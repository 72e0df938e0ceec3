// CaptionSignals.swift — the conventions that mark captions and photo credits, shared by the
// sections stage (which must not take a caption for a heading) and the captions stage.

/// What a caption label says: its kind and the label as printed.
public struct CaptionLabel: Equatable {
    public var kind: String
    public var label: String
    /// Scalars of the paragraph taken by the label and the separator after it.
    public var length: Int

    public init(kind: String, label: String, length: Int) {
        self.kind = kind
        self.label = label
        self.length = length
    }
}

/// Recognizes caption openings (`图为…`, `Figure 3: …`, `Table 2 …`, `Photo: …`) and photo
/// credits (`陆新 摄`, `（新华社记者兰红光摄）`, `(AP Photo/Jane Doe)`, `Photograph: Jane Doe/Agency`).
public enum CaptionSignals {
    // MARK: Openings

    /// CJK openings and the kind they give.
    public static let cjkOpenings: [(String, String)] = [
        ("图为", "photo"), ("图：", "photo"), ("图:", "photo"), ("图片：", "photo"), ("图片:", "photo"),
        ("上图：", "photo"), ("下图：", "photo"), ("左图：", "photo"), ("右图：", "photo"),
        ("上图为", "photo"), ("下图为", "photo"), ("左图为", "photo"), ("右图为", "photo"),
        ("题图：", "photo"), ("题图为", "photo"), ("照片：", "photo"), ("图表：", "figure"),
    ]

    /// Latin labels, with the kind they give.
    public static let latinLabels: [(String, String)] = [
        ("Figure", "figure"), ("FIGURE", "figure"), ("Fig.", "figure"), ("FIG.", "figure"), ("Fig", "figure"),
        ("Table", "table"), ("TABLE", "table"), ("Tab.", "table"), ("Scheme", "figure"), ("SCHEME", "figure"),
        ("Chart", "figure"), ("Plate", "figure"), ("Exhibit", "figure"), ("Graph", "figure"), ("Map", "figure"),
        ("Supplementary Figure", "figure"), ("Extended Data Fig.", "figure"),
    ]

    /// ``latinLabels`` as scalars, decoded once.
    public static let latinLabelScalars: [([Unicode.Scalar], String)] = latinLabels.map { (Array($0.0.unicodeScalars), $0.1) }

    static let continued: [Unicode.Scalar] = Array("continued".unicodeScalars)

    /// `Photo: …` openers as scalars.
    public static let photoOpeners: [[Unicode.Scalar]] = ["Photo: ", "PHOTO: ", "Photograph: ", "Photo — ", "Pictured: ", "Above: ", "Left: ", "Right: "]
        .map { Array($0.unicodeScalars) }

    /// Whether `head` opens a caption.
    public static func startsCaption(_ head: [Unicode.Scalar]) -> Bool {
        label(head) != nil
    }

    /// Whether `head` opens a caption; for scalars decoded into memory of the caller's (the
    /// sections stage keeps a document's in one buffer), without an array per paragraph.
    public static func startsCaption(_ head: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        label(head) != nil
    }

    /// The caption label that opens `head`, if any.
    public static func label(_ head: [Unicode.Scalar]) -> CaptionLabel? {
        head.withUnsafeBufferPointer { label($0) }
    }

    /// The caption label that opens `head`, if any.
    public static func label(_ head: UnsafeBufferPointer<Unicode.Scalar>) -> CaptionLabel? {
        if let cjk = cjkOpening(head) { return cjk }
        return latinLabel(head)
    }

    /// Whether a head that opens with `first` and `second` (nil when there is none) may open a
    /// caption (``label(_:)``): a digit (of a picture number, `１、图为…`), one of 图 上 下 左 右 题 照
    /// (``cjkOpening(_:)``), or two scalars that a Latin label or photo opener starts with
    /// (``latinLabel(_:)``; a capital and a space may open a letter-spaced label, `F i g u r e 1`).
    public static func mayOpenLabel(_ first: Unicode.Scalar, _ second: Unicode.Scalar?) -> Bool {
        switch first {
        case "0"..."9", "\u{FF10}"..."\u{FF19}", "\u{56FE}", "\u{4E0A}", "\u{4E0B}", "\u{5DE6}", "\u{53F3}", "\u{9898}", "\u{7167}", "\u{8868}":
            return true
        case "\u{7B97}":                                                   // 算法 N
            return second == nil || second == "\u{6CD5}"
        case "F", "T", "S", "C", "P", "E", "G", "M", "A", "L", "R":
            guard let second else { return true }
            return second == " " || opensLabelOrOpener(first, second)
        default:
            return false
        }
    }

    /// `图为…`, `图：…`, `图①…`, `图１：…`, `１、图为…`.
    public static func cjkOpening(_ head: [Unicode.Scalar]) -> CaptionLabel? {
        head.withUnsafeBufferPointer { cjkOpening($0) }
    }

    /// `图为…`, `图：…`, `图①…`, `图１：…`, `１、图为…`.
    public static func cjkOpening(_ head: UnsafeBufferPointer<Unicode.Scalar>) -> CaptionLabel? {
        var start = 0
        // A picture number before the opening: `１、`, `２：`, `图①：`.
        if head.count > 2, isDigit(head[0]), head[1] == "\u{3001}" || head[1] == "\u{FF1A}" || head[1] == ":" {
            start = 2
            if start < head.count, head[start] == "\u{FF1A}" { start += 1 }
        }
        let rest = head[start...]
        // Every opening starts with one of 图 上 下 左 右 题 照 表.
        guard let first = rest.first else { return nil }
        switch first {
        case "\u{56FE}", "\u{4E0A}", "\u{4E0B}", "\u{5DE6}", "\u{53F3}", "\u{9898}", "\u{7167}", "\u{8868}": break
        case "\u{7B97}" where start == 0 && rest.count > 2 && rest[rest.startIndex + 1] == "\u{6CD5}": break   // 算法
        default: return nil
        }
        for (opening, kind) in cjkOpenings where rest.starts(with: opening.unicodeScalars) {
            let keepsWords = opening.hasSuffix("为")
            return CaptionLabel(kind: kind, label: "", length: keepsWords ? start : start + opening.unicodeScalars.count)
        }
        // 图① 图1 图１ followed by ： or a space
        if rest.first == "\u{56FE}", rest.count > 2 {                          // 图
            var index = rest.startIndex + 1
            let numberStart = index
            while index < rest.endIndex, isDigit(rest[index]) || ("\u{2460}"..."\u{2473}").contains(rest[index]) { index += 1 }
            if index > numberStart, index < rest.endIndex,
               rest[index] == "\u{FF1A}" || rest[index] == ":" || rest[index].isLayoutSpace || rest[index] == "\u{3000}" {
                let label = String(scalars: rest[rest.startIndex..<index])
                return CaptionLabel(kind: "photo", label: label, length: index + 1)
            }
        }
        // A numbered figure or table of a Chinese document: `图 2.1 Q 判据…`, `表 2.1 这是一个样表。`,
        // `表1 工会委员介绍表` (a number with dots or a hyphen, then a space or a colon, then text).
        // An algorithm of a Chinese document, set as a figure: `算法 1 Euclid’s algorithm`.
        let isAlgorithm = rest.first == "\u{7B97}"
        if start == 0, rest.first == "\u{56FE}" || rest.first == "\u{8868}" || isAlgorithm, rest.count > 3 {
            var index = rest.startIndex + (isAlgorithm ? 2 : 1)
            while index < rest.endIndex, rest[index] == " " { index += 1 }
            let numberStart = index
            while index < rest.endIndex, isDigit(rest[index]) || (index > numberStart && (rest[index] == "." || rest[index] == "-")) { index += 1 }
            if index > numberStart, isDigit(rest[index - 1]), index + 1 < rest.endIndex,
               rest[index] == " " || rest[index] == "\u{3000}" || rest[index] == "\u{FF1A}" || rest[index] == ":" {
                let label = String(scalars: rest[rest.startIndex..<index])
                return CaptionLabel(kind: rest.first == "\u{8868}" ? "table" : "figure", label: label, length: index + 1)
            }
        }
        // When a photo story numbers its pictures: `１、：春节临近…（郑建卫摄）` is caught by the credit.
        return nil
    }

    /// `Figure 3: …`, `Fig. 2. …`, `FIGURE 1 —`, `Table 2 …`, `F i g u r e 1 …`.
    public static func latinLabel(_ head: [Unicode.Scalar]) -> CaptionLabel? {
        head.withUnsafeBufferPointer { latinLabel($0) }
    }

    /// `Figure 3: …`, `Fig. 2. …`, `FIGURE 1 —`, `Table 2 …`, `F i g u r e 1 …`.
    public static func latinLabel(_ head: UnsafeBufferPointer<Unicode.Scalar>) -> CaptionLabel? {
        guard let first = head.first else { return nil }
        switch first {
        case "F", "T", "S", "C", "P", "E", "G", "M", "A", "L", "R": break
        default: return nil
        }
        // Letter-spaced labels from PDF headings: `F i g u r e 1`.
        if head.count > 6, head[1] == " ", head[3] == " " {
            var collapsed: [Unicode.Scalar] = []
            var index = 0
            while index < head.count, head[index].isAlphabetic,
                  index + 1 < head.count, head[index + 1] == " " || head[index + 1].isAlphabetic {
                collapsed.append(head[index])
                index += head[index + 1] == " " ? 2 : 1
                if collapsed.count > 8 { break }
            }
            if ["Figure", "Table", "FIGURE", "TABLE"].contains(String(scalars: collapsed)) {
                let consumedExtra = index - collapsed.count - 1
                let scalars = collapsed + [" "] + Array(head[index...])
                return scalars.withUnsafeBufferPointer { latinLabel($0, consumedExtra: consumedExtra, head: head) }
            }
        }
        return latinLabel(head, consumedExtra: 0, head: head)
    }

    /// The label at the start of `scalars`: `head` as printed, or with its letter spacing taken
    /// out (`consumedExtra` scalars fewer).
    private static func latinLabel(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, consumedExtra: Int,
                                   head: UnsafeBufferPointer<Unicode.Scalar>) -> CaptionLabel? {
        let first = head[0]
        // Most paragraphs open with two scalars that no label and no opener opens with.
        guard scalars.count >= 2, head.count >= 2,
              opensLabelOrOpener(scalars[0], scalars[1]) || opensLabelOrOpener(head[0], head[1]) else { return nil }
        let firstOfLabel = scalars[0]
        for (word, kind) in latinLabelScalars where word[0] == firstOfLabel && scalars.starts(with: word) {
            var index = word.count
            guard index < scalars.count else { continue }
            // `Figure` must be followed by a space or `.`, then the number.
            if scalars[index] == "." { index += 1 }
            while index < scalars.count, scalars[index] == " " { index += 1 }
            if index < scalars.count, scalars[index] == "(" { index += 1 }
            let numberStart = index
            while index < scalars.count, isDigit(scalars[index]) || Self.isNumeralLetter(scalars[index])
                    || (index > numberStart && (scalars[index] == "." || scalars[index] == "-")
                        && index + 1 < scalars.count && isDigit(scalars[index + 1])) {
                index += 1
            }
            guard index > numberStart, index - numberStart <= 6 else { continue }
            // `Table 3 (continued)` repeats a caption on the next page.
            if scalars[index...].prefix(12).map({ ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 0x20)! : $0 })
                .containsScalars(Self.continued) { return nil }
            // A letter for a panel: `Figure 2a`.
            if index < scalars.count, ("a"..."h").contains(scalars[index]),
               index + 1 >= scalars.count || !scalars[index + 1].isAlphabetic { index += 1 }
            if index < scalars.count, scalars[index] == ")" { index += 1 }
            let labelEnd = index
            // The separator: `:`, `.`, `—`, `|`, or a space before a capital letter or `(`.
            var separated = false
            while index < scalars.count, Self.isLabelSeparator(scalars[index]) {
                if scalars[index] != " " { separated = true }
                index += 1
            }
            if index >= scalars.count {
                // A label alone on its line (`Table 1`): the caption follows on the next line.
                return CaptionLabel(kind: kind, label: labelText(scalars[0..<labelEnd]), length: scalars.count + consumedExtra)
            }
            let next = scalars[index]
            if !separated {
                guard next.isUppercase || next == "(" || next == "\u{201C}" || next == "\"" || isDigit(next) else { continue }
                // `Figure 3 The results…` is a caption; `Table 2 Shows…` is rare enough.
            } else if scalars[labelEnd] == "." || scalars[labelEnd] == "-" {
                // `Fig. 2. Structures…`; refuse `Fig. 2.3 shows` (a section number).
                guard next.isUppercase || next == "(" || next == "\u{201C}" || isDigit(next) || next == "\"" else { continue }
            }
            return CaptionLabel(kind: kind, label: labelText(scalars[0..<labelEnd]), length: index + consumedExtra)
        }
        // `Photo: …`, `PHOTO: …`, `Photograph: …`
        for opener in photoOpeners where opener[0] == first && head.starts(with: opener) {
            return CaptionLabel(kind: "photo", label: "", length: opener.count)
        }
        return nil
    }

    /// Whether some label (``latinLabelScalars``) or opener (``photoOpeners``) starts with
    /// `first` and `second` (a test checks this against the tables).
    @inline(__always)
    static func opensLabelOrOpener(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        switch (first, second) {
        case ("F", "i"), ("F", "I"), ("T", "a"), ("T", "A"), ("S", "c"), ("S", "C"), ("S", "u"), ("C", "h"), ("P", "l"),
             ("E", "x"), ("G", "r"), ("M", "a"), ("P", "h"), ("P", "H"), ("P", "i"), ("A", "b"), ("L", "e"), ("R", "i"):
            true
        default:
            false
        }
    }

    /// `I V X i v x S`: letters of Roman numerals and of `S1`-style supplementary numbers.
    @inline(__always)
    static func isNumeralLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "I", "V", "X", "i", "v", "x", "S": true
        default: false
        }
    }

    /// What separates a label from its caption: `:`, `.`, dashes, `|`, spaces, line breaks, `：`.
    @inline(__always)
    static func isLabelSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ":", ".", "\u{2014}", "\u{2013}", "-", "|", " ", "\n", "\u{FF1A}": true
        default: false
        }
    }

    private static func labelText(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> String {
        var text = String(scalars: scalars)
        while let last = text.unicodeScalars.last, last == " " || last == ":" { text.unicodeScalars.removeLast() }
        return text
    }

    /// The last sentence of a short paragraph starts with `图为`: `…检测。图为昨日上午，…采样。`
    ///
    /// Inlinable, so that the callers' collections (arrays and array slices of scalars) get a
    /// specialized copy: the generic one reads every element through the witness tables.
    @inlinable
    public static func endsWithPictureSentence<Scalars: BidirectionalCollection>(_ scalars: Scalars) -> Bool
    where Scalars.Element == Unicode.Scalar {
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let before = scalars.index(before: end)
            guard scalars[before] == "\u{3002}" || scalars[before].isLayoutSpace else { break }
            end = before
        }
        var start = end
        while start > scalars.startIndex {
            let before = scalars.index(before: start)
            if scalars[before] == "\u{3002}" || scalars[before] == "\u{FF01}" || scalars[before] == "\u{FF1F}" { break }
            start = before
        }
        while start < end, scalars[start].isLayoutSpace { start = scalars.index(after: start) }
        guard scalars.distance(from: start, to: end) >= 4 else { return false }
        return scalars[start] == "\u{56FE}" && scalars[scalars.index(after: start)] == "\u{4E3A}"     // 图为
    }

    @inlinable
    public static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("\u{FF10}"..."\u{FF19}").contains(scalar)
    }

    // MARK: Credits

    /// Source words that are a credit by themselves: `（资料图片）`, `（传真照片）`, `新华社发`.
    public static let sourceCredits: Set<String> = [
        "资料图片", "资料照片", "传真照片", "新华社发", "新华社稿", "新华社传真", "本报资料图片", "网络图片",
        "图片来自网络", "供图", "视觉中国", "东方IC",
    ]

    /// Whether `head` (the whole unit when `isShort`) is only a photo credit.
    public static func isCreditLine(_ head: [Unicode.Scalar], isShort: Bool) -> Bool {
        guard isShort, head.count <= 60 else { return false }
        return standaloneCredit(head) != nil
    }

    /// Whether `head` (the whole unit when `isShort`) is only a photo credit; for scalars in
    /// memory of the caller's (an array is made only for a line that may hold a credit).
    public static func isCreditLine(_ head: UnsafeBufferPointer<Unicode.Scalar>, isShort: Bool) -> Bool {
        guard isShort, head.count <= 60, mayHoldCredit(head[...]) else { return false }
        return standaloneCredit(Array(head)) != nil
    }

    /// The credit of a unit that is only a credit: `陆新 摄` → `陆新`,
    /// `（新华社记者兰红光摄）` → `新华社记者兰红光`, `Photo: Jane Doe/AP` → `Jane Doe/AP`.
    public static func standaloneCredit(_ scalars: [Unicode.Scalar]) -> String? {
        guard mayHoldCredit(scalars[...]) else { return nil }
        let body = scalars[...].trimmingLayoutSpaces
        guard body.count >= 2 else { return nil }
        // Bracketed: （…摄） (…) — possibly two of them: （郑建卫摄）（新华社稿）
        if let first = body.first, first == "\u{FF08}" || first == "(" {
            var credits: [String] = []
            var rest = body
            while let open = rest.first, open == "\u{FF08}" || open == "(" {
                guard let close = rest.firstIndex(where: { $0 == "\u{FF09}" || $0 == ")" }) else { return nil }
                let inside = Array(rest[(rest.startIndex + 1)..<close])
                guard let credit = creditPhrase(inside, bracketed: true) else { return nil }
                credits.append(credit)
                rest = rest[(close + 1)...]
                while let space = rest.first, space.isLayoutSpace { rest = rest.dropFirst() }
            }
            guard rest.isEmpty, let credit = credits.first else { return nil }
            return credit
        }
        return creditPhrase(Array(body))
    }

    /// A cheap test before any string is built: credits name a photo (`摄`, `图`, `照`, `供`,
    /// `稿`, `华` of 新华社发, `Photo`, `Credit`, `Courtesy`, `Image`, `Picture`, `/`).
    public static func mayHoldCredit(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        holdsCreditWord(scalars)
    }

    /// ``mayHoldCredit(_:)`` of scalars in memory of the caller's.
    public static func mayHoldCredit(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Bool {
        holdsCreditWord(scalars)
    }

    /// The words of English credits that ``mayHoldCredit(_:)`` looks for, as scalars.
    static let creditWords: [[Unicode.Scalar]] = ["Photo", "PHOTO", "Credit", "Courtesy", "Image", "Picture", "Copyright"].map { Array($0.unicodeScalars) }

    /// ``mayHoldCredit(_:)``, specialized for each of its collections.
    private static func holdsCreditWord<Scalars: Collection<Unicode.Scalar>>(_ scalars: Scalars) -> Bool {
        for (offset, scalar) in scalars.enumerated() {
            switch scalar {
            case "\u{6444}", "\u{56FE}", "\u{7167}", "\u{4F9B}", "\u{7A3F}", "\u{534E}", "/", "\u{A9}":   // 摄 图 照 供 稿 华(新华社发) ©
                return true
            case "P", "C", "I":
                let rest = scalars.dropFirst(offset)
                for word in creditWords where word[0] == scalar && rest.starts(with: word) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// A credit without brackets: `陆新 摄`, `新华社记者 兰红光 摄`, `本报记者徐烨摄影报道`,
    /// `资料图片`, `Photo: Jane Doe`, `AP Photo/Jane Doe`, `Credit: NASA`, `Courtesy of the museum`.
    public static func creditPhrase(_ scalars: [Unicode.Scalar], bracketed: Bool = false) -> String? {
        guard scalars.count <= 60, mayHoldCredit(scalars[...]) || bracketed, mayBeCreditPhrase(scalars) else { return nil }
        let text = String(scalars: scalars).collapsingSpaces
        guard !text.isEmpty, text.unicodeScalars.count <= 48 else { return nil }
        if sourceCredits.contains(text) { return text }
        if let chinese = chineseCredit(text, bracketed: bracketed) { return chinese }
        return englishCredit(text)
    }

    /// What every credit phrase has, tested before any string is built: a source credit
    /// (``sourceCredits``, a few characters), `摄` or `供` (``chineseCredit(_:bracketed:)``), or
    /// an English credit's opening (`Photo…`, `Credit…`, `Courtesy…`, `Image…`, `Picture…`) or `/`
    /// (``englishCredit(_:)``).
    static func mayBeCreditPhrase(_ scalars: [Unicode.Scalar]) -> Bool {
        var letters = 0
        var first: Unicode.Scalar?
        for scalar in scalars {
            switch scalar {
            case "\u{6444}", "\u{4F9B}", "/": return true                                // 摄 供 /
            case "\n": continue
            default:
                if scalar.isLayoutSpace { continue }
                if first == nil { first = scalar }
                letters += 1
            }
        }
        if letters <= longestSourceCredit { return true }
        return first == "P" || first == "C" || first == "I" || first == "\u{A9}"
    }

    static let longestSourceCredit = sourceCredits.map(\.unicodeScalars.count).max() ?? 0

    /// `陆新 摄`, `新华社记者兰红光摄`, `赵勇傅建山摄影报道`, `王尽彦摄于乌干达`, `本栏图片均为新华社记者郑宣摄`,
    /// `压题照片李彪摄`, `张三/摄`, `李四 供图`.
    public static func chineseCredit(_ text: String, bracketed: Bool = false) -> String? {
        var scalars = Array(text.unicodeScalars)
        // Cut what follows 摄: 摄影报道, 摄影, 摄于…, and 供图 / 绘.
        guard let mark = scalars.lastIndex(where: { $0 == "\u{6444}" }) ?? scalars.lastIndex(where: { $0 == "\u{4F9B}" }) else {
            return nil
        }
        let after = String(scalars: scalars[(mark + 1)...])
        if scalars[mark] == "\u{4F9B}" {                                           // 供图
            guard after == "图" else { return nil }
        } else if !(after.isEmpty || after == "影" || after == "影报道" || after.hasPrefix("于")) {
            return nil
        }
        // Unbracketed `旅游摄影` is a headline; `陆新 摄` and `记者 李四 摄影` are credits.
        if !bracketed && !after.isEmpty && !text.unicodeScalars.contains(where: \.isLayoutSpace)
            && !Self.reporterWords.contains(where: { scalars.containsScalars($0) }) {
            return nil
        }
        scalars = Array(scalars[..<mark])
        while let last = scalars.last, last.isLayoutSpace || last == "/" || last == "\u{FF0F}" { scalars.removeLast() }
        var credit = String(scalars: scalars)
        for prefix in ["本栏照片均为", "本栏图片均为", "本版图片均为", "本版照片均为", "图片均为", "照片均为", "压题照片", "题图", "本报"]
        where credit.hasPrefix(prefix) && credit.unicodeScalars.count > prefix.unicodeScalars.count + 1 {
            if prefix == "本报" && !credit.hasPrefix("本报记者") && !credit.hasPrefix("本报通讯员") { continue }
            if prefix == "本报" { break }
            credit = String(credit.dropFirst(prefix.count))
            break
        }
        credit = credit.collapsingSpaces
        // Names, role words and spaces only; at least one CJK or Latin letter.
        let letters = credit.unicodeScalars.filter { $0.isCJKLetter || $0.isAlphabetic }.count
        guard letters >= 2, letters <= 30 else { return nil }
        for scalar in credit.unicodeScalars where !(scalar.isCJKLetter || scalar.isAlphabetic) {
            guard " \u{3001}\u{00B7}/\u{FF0F}\u{30FB}".unicodeScalars.contains(scalar) else { return nil }
        }
        return credit
    }

    /// 记者, 通讯员, 新华社: an unbracketed credit that names them is a credit even without a space.
    static let reporterWords: [[Unicode.Scalar]] = ["记者", "通讯员", "新华社"].map { Array($0.unicodeScalars) }

    /// `Photo: Jane Doe/AP`, `AP Photo/Jane Doe`, `Photograph: Jane Doe/Agency`, `Credit: NASA`,
    /// `Courtesy of the Museum`, `Photo by Jane Doe`.
    public static func englishCredit(_ text: String) -> String? {
        var rest: Substring
        if let range = ["Photo: ", "Photograph: ", "Credit: ", "Photo credit: ", "Image: ", "Picture: ", "PHOTO: ", "Photos: "]
            .lazy.compactMap({ text.hasPrefix($0) ? $0 : nil }).first {
            rest = text.dropFirst(range.count)
        } else if text.hasPrefix("Courtesy of ") {
            rest = text.dropFirst("Courtesy of ".count)
        } else if text.hasPrefix("Photo by ") || text.hasPrefix("Photos by ") || text.hasPrefix("Photograph by ") {
            rest = text.drop(while: { $0 != " " }).dropFirst().dropFirst(3)
        } else if let by = copyrightHolder(text) {
            rest = by
        } else if let slash = text.firstIndex(of: "/"), text[..<slash].split(separator: " ").count <= 3,
                  text[..<slash].hasSuffix(" Photo") || text[..<slash].hasSuffix(" Photos")
                    || text[..<slash].hasSuffix(" Images") || text[..<slash].hasSuffix(" Pictures") {
            rest = text[...]
        } else {
            return nil
        }
        rest = rest.drop(while: { $0 == " " })
        while let last = rest.last, last == "." || last == " " { rest = rest.dropLast() }
        let words = rest.split(separator: " ")
        guard (1...8).contains(words.count), let first = rest.first,
              first.isUppercase || first.isNumber || rest.hasPrefix("the ") else { return nil }
        return String(rest)
    }

    /// The holder of a press photo's copyright line: `Copyright by Underwood & Underwood` and
    /// `Copyright, 1916, by the Press Company`, `© 1916 by …` → the name after `by` (a year may stand
    /// between).
    static func copyrightHolder(_ text: String) -> Substring? {
        guard text.hasPrefix("Copyright") || text.hasPrefix("COPYRIGHT") || text.hasPrefix("© ") else { return nil }
        let words = text.split(separator: " ")
        guard words.count >= 3, let by = words.prefix(3).firstIndex(where: { $0 == "by" || $0 == "BY" }),
              words[1..<by].allSatisfy({ $0.allSatisfy { $0.isNumber || $0 == "," } }) else { return nil }
        return words[(by + 1)...].joined(separator: " ")[...]
    }

    /// Whether a standalone English credit is of the kind old newspapers print over the caption,
    /// at the foot of the photo (`Photo by American Press Association.`, `Copyright by …`): its
    /// caption is the short block below it, not the text above.
    public static func creditOpensCaption(_ text: Substring) -> Bool {
        text.hasPrefix("Photo by ") || text.hasPrefix("Photos by ") || text.hasPrefix("Photograph by ")
            || copyrightHolder(String(text)) != nil
    }

    /// A credit at the end of a caption paragraph, and where the caption text ends:
    /// `…核酸采样。（陆新 摄）`, `…讲话。（新华社记者兰红光摄）`, `…一甲胺。张东清摄`,
    /// `… in Kyiv. (AP Photo/Jane Doe)`, `… on Monday. Photograph: Jane Doe/Reuters`.
    public static func trailingCredit(_ tail: [Unicode.Scalar]) -> (credit: String, length: Int)? {
        var end = tail.count
        while end > 0, tail[end - 1].isLayoutSpace { end -= 1 }
        guard end > 2 else { return nil }
        let last = tail[end - 1]
        if last == "\u{FF09}" || last == ")" {
            // One or two bracketed groups at the end: （郑建卫摄）（新华社稿）
            var start = end
            var groups = 0
            var cursor = end
            var first: String?
            while cursor > 0, tail[cursor - 1] == "\u{FF09}" || tail[cursor - 1] == ")", groups < 2 {
                guard let open = tail[..<(cursor - 1)].lastIndex(where: { $0 == "\u{FF08}" || $0 == "(" }) else { break }
                let inside = Array(tail[(open + 1)..<(cursor - 1)])
                guard let credit = creditPhrase(inside, bracketed: true) else { break }
                first = credit
                groups += 1
                start = open
                cursor = open
                while cursor > 0, tail[cursor - 1].isLayoutSpace { cursor -= 1 }
            }
            guard let credit = first else { return nil }
            return (credit, tail.count - start)
        }
        // Unbracketed after the end of the caption sentence: `。张东清摄`, `. Photograph: Jane Doe/Reuters`
        if let stop = tail[..<end].lastIndex(where: { $0 == "\u{3002}" || $0 == "\u{FF01}" || $0 == "\u{FF1F}" }) {
            let inside = Array(tail[(stop + 1)..<end])
            if !inside.isEmpty, let credit = chineseCredit(String(scalars: inside).collapsingSpaces) {
                return (credit, tail.count - stop - 1)
            }
        }
        guard tail[..<end].contains(":") || tail[..<end].contains(" ") && mayHoldCredit(tail[..<end]) else { return nil }
        let text = String(scalars: tail[..<end])
        for marker in [". Photograph: ", ". Photo: ", ". Credit: ", ". Photo by ", ". Photos: "] {
            if let range = text.range(of: marker, options: .backwards),
               let credit = englishCredit(String(text[text.index(range.lowerBound, offsetBy: 2)...])) {
                let length = text[text.index(after: range.lowerBound)...].unicodeScalars.count + (tail.count - end)
                return (credit, length)
            }
        }
        return nil
    }
}

extension Unicode.Scalar {
    /// Spaces a layout leaves around text: ASCII space, tab, no-break and ideographic space.
    @inlinable
    public var isLayoutSpace: Bool {
        switch value {
        case 0x20, 0x09, 0x0D, 0xA0, 0x3000, 0x2002...0x200B, 0xFEFF: true
        default: false
        }
    }
}

extension ArraySlice where Element == Unicode.Scalar {
    /// The slice without the layout spaces (``Unicode/Scalar/isLayoutSpace``) at its two ends.
    public var trimmingLayoutSpaces: ArraySlice<Unicode.Scalar> {
        var body = self
        while let first = body.first, first.isLayoutSpace { body = body.dropFirst() }
        while let last = body.last, last.isLayoutSpace { body = body.dropLast() }
        return body
    }
}

extension Collection where Element == Unicode.Scalar {
    /// Whether `run` occurs in the collection, scalar for scalar (no normalization).
    @inlinable
    public func containsScalars(_ run: [Unicode.Scalar]) -> Bool {
        guard let first = run.first else { return true }
        var start = startIndex
        while let found = self[start...].firstIndex(of: first) {
            if self[found...].starts(with: run) { return true }
            start = index(after: found)
        }
        return false
    }
}

extension String {
    /// Whitespace runs (including ideographic spaces and newlines) collapsed to one ASCII space,
    /// ends trimmed.
    public var collapsingSpaces: String {
        var result = ""
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar.isLayoutSpace || scalar == "\n" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
