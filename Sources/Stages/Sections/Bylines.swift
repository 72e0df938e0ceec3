/// Finds bylines: on their own line (`□ 记者 范玉贤`, `本报记者 王强`, `By Jane Doe`) and inside
/// the lead of a Chinese news story (`本报讯（孙昊 周健 记者 诸丽琴）日前，…`,
/// `新华社北京1月1日电（记者 李明）…`, `中广网唐山６月１２日消息（记者汤一亮　庄胜春）…`).
enum Bylines {
    /// Role words that open a Chinese byline, longest first.
    static let roles: [String] = [
        "本报特约记者", "本报首席记者", "本报实习记者", "本报实习生", "本报通讯员", "本报记者",
        "特约记者", "首席记者", "实习记者", "见习记者", "实习生", "通讯员", "记者",
    ]
    static let roleScalars: [[Unicode.Scalar]] = roles.map { Array($0.unicodeScalars) }

    /// `By ` and `BY `, as scalars.
    static let englishOpeners: [[Unicode.Scalar]] = ["By ", "BY "].map { Array($0.unicodeScalars) }
    /// Openers of a writer's credit, as scalars, in the order they are tried.
    static let writerOpeners: [[Unicode.Scalar]] = ["文/", "文／", "文图/", "文／图", "文/图", "作者：", "作者:"].map { Array($0.unicodeScalars) }

    /// Decorations printed before a byline.
    static func isDecoration(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\u{25A1}", "\u{25A0}", "\u{25CE}", "\u{25CB}", "\u{25CF}", "\u{25C7}", "\u{25C6}", "\u{2605}", "\u{2606}",
             "\u{25B2}", "\u{25B3}", "\u{25BC}", "\u{3013}":
            true
        default:
            false
        }
    }

    /// The byline of a unit that is only a byline, decoration removed; nil otherwise.
    static func standaloneByline(_ unit: TextUnit) -> String? {
        guard let length = unit.shortLength, length >= 2, length <= 48, unit.lineCount == 1 else { return nil }
        var scalars = unit.head[...]
        var decorated = false
        while let first = scalars.first, isDecoration(first) || first.isLayoutSpace {
            decorated = decorated || isDecoration(first)
            scalars = scalars.dropFirst()
        }
        if scalars.isEmpty { return nil }
        // English: By Jane Doe, BY JANE DOE AND JOHN ROE
        if scalars.count > 3, (scalars.starts(with: Self.englishOpeners[0]) || scalars.starts(with: Self.englishOpeners[1])) {
            return englishByline(Array(scalars.dropFirst(3)))
        }
        // 文/张三, 文／图 李四, 作者：王五 (all of them open with 文 or 作)
        if let first = scalars.first, first == "\u{6587}" || first == "\u{4F5C}" {
            for opener in Self.writerOpeners where scalars.starts(with: opener) {
                let rest = Array(scalars.dropFirst(opener.count))
                return isNameList(rest, maxLength: 24) ? String(scalars: scalars).collapsingSpaces : nil
            }
        }
        guard startsWithRole(scalars) != nil || (decorated && containsRole(Array(scalars))) else { return nil }
        let array = Array(scalars)
        guard isNameList(array, maxLength: 40) else { return nil }
        return String(scalars: array).collapsingSpaces
    }

    /// `Jane Doe`, `Jane Doe and John Roe`, `JANE DOE, Staff Writer`: capitalized words only.
    private static func englishByline(_ scalars: [Unicode.Scalar]) -> String? {
        let words = scalars.split(separator: " ")
        guard (1...10).contains(words.count), let last = scalars.last, last != "." || words.count <= 4 else { return nil }
        for word in words {
            let text = String(scalars: word)
            if ["and", "&", "in", "of", "for", "the"].contains(text) { continue }
            guard let first = word.first, first.isUppercase else { return nil }
        }
        return String(scalars: scalars).collapsingSpaces
    }

    /// Names, role words, spaces and list punctuation only.
    static func isNameList(_ scalars: [Unicode.Scalar], maxLength: Int) -> Bool {
        guard !scalars.isEmpty, scalars.count <= maxLength else { return false }
        var letters = 0
        for scalar in scalars {
            if scalar.isCJKLetter || scalar.isAlphabetic { letters += 1; continue }
            switch scalar {
            case " ", "\u{3000}", "\u{3001}", "\u{00B7}", "\u{30FB}", "/", "\u{FF0F}", ",", "\u{FF1A}", ":", "\u{FF0C}":
                continue
            default:
                return false
            }
        }
        return letters >= 2
    }

    static func startsWithRole<Scalars: Collection>(_ scalars: Scalars) -> Int? where Scalars.Element == Unicode.Scalar {
        // Every role word opens with one of 本 特 首 实 见 通 记.
        switch scalars.first {
        case "\u{672C}", "\u{7279}", "\u{9996}", "\u{5B9E}", "\u{89C1}", "\u{901A}", "\u{8BB0}": break
        default: return nil
        }
        for role in roleScalars where scalars.starts(with: role) { return role.count }
        return nil
    }

    static func containsRole(_ scalars: [Unicode.Scalar]) -> Bool {
        // Every role word ends with 者, 员 or 生, and 摄影 and 撰稿 with 影 and 稿: look for those first.
        guard scalars.contains(where: { $0 == "\u{8005}" || $0 == "\u{5458}" || $0 == "\u{751F}" || $0 == "\u{5F71}" || $0 == "\u{7A3F}" }) else {
            return false
        }
        return roleWords.contains { scalars.containsScalars($0) }
    }

    /// ``roleScalars`` and the photographer's and writer's words 摄影 and 撰稿.
    static let roleWords: [[Unicode.Scalar]] = roleScalars + [Array("摄影".unicodeScalars), Array("撰稿".unicodeScalars)]

    /// Drops one leading role word (`记者 范玉贤` → `范玉贤`); role words inside stay.
    static func strippingLeadingRole(_ byline: String) -> String {
        let scalars = Array(byline.unicodeScalars)
        guard let count = startsWithRole(scalars) else { return byline }
        let rest = String(scalars: scalars[count...]).collapsingSpaces
        return rest.isEmpty ? byline : rest
    }

    // MARK: Leads

    /// A lead that carries its byline: the byline and where the body sentence starts.
    struct Lead {
        var byline: String
        /// The UTF-8 offset in the source where the body starts.
        var bodyStart: Int
    }

    /// Datelines end with one of these: `本报讯`, `…电`, `…消息`, `…报道`.
    private static func endsDateline(_ scalars: Slice<Scalars>) -> Bool {
        guard let last = scalars.last else { return false }
        if last == "\u{8BAF}" || last == "\u{7535}" { return true }                     // 讯 电
        let text = String(scalars: scalars.suffix(2))
        return text == "消息" || text == "报道" || text == "专电" || text == "特稿"
    }

    /// `本报讯（…）`, `新华社北京1月1日电（记者 …）`, `中广网唐山６月１２日消息（记者 …）`,
    /// `新快报讯记者张恩杰　通讯员李军涛报道…`.
    static func lead(_ unit: TextUnit, in source: String) -> Lead? {
        let head = unit.head
        guard head.count >= 6 else { return nil }
        // The dateline: at most 32 characters without sentence punctuation.
        var index = 0
        while index < min(head.count, 34) {
            let scalar = head[index]
            if scalar == "\u{FF08}" || scalar == "(" { break }
            switch scalar {
            case "\u{FF0C}", "\u{3002}", "\u{FF1A}", "\u{FF1B}", ",", ".", ":", ";", "!", "?", "\u{FF01}", "\u{FF1F}", "\u{201C}": return nil
            default: break
            }
            index += 1
        }
        guard index < head.count, index < 34 else { return nil }
        var datelineEnd = index
        while datelineEnd > 0, head[datelineEnd - 1].isLayoutSpace { datelineEnd -= 1 }
        let dateline = head[0..<datelineEnd]
        if head[index] == "\u{FF08}" || head[index] == "(" {
            guard !dateline.isEmpty, endsDateline(dateline) else { return nil }
            guard let close = head[(index + 1)...].prefix(44).firstIndex(where: { $0 == "\u{FF09}" || $0 == ")" }) else { return nil }
            let inside = Array(head[(index + 1)..<close])
            let hasRole = containsRole(inside)
            guard isNameList(inside, maxLength: 40), hasRole || inside.count <= 16 else { return nil }
            return Lead(byline: String(scalars: inside).collapsingSpaces,
                        bodyStart: bodyStart(in: unit, of: source, afterScalars: close + 1))
        }
        return nil
    }

    /// `新快报讯记者张恩杰　通讯员李军涛报道酒后…`, `本报讯记者马利报道：…`: a byline without brackets.
    static func inlineLead(_ unit: TextUnit, in source: String) -> Lead? {
        let head = unit.head
        // Find the dateline end (讯 or 电) in the first 30 characters.
        guard let datelineEnd = head.prefix(30).firstIndex(where: { $0 == "\u{8BAF}" || $0 == "\u{7535}" }) else { return nil }
        if head[..<datelineEnd].contains(where: { "\u{FF0C}\u{3002}\u{FF1A}".unicodeScalars.contains($0) }) { return nil }
        var start = datelineEnd + 1
        while start < head.count, head[start].isLayoutSpace { start += 1 }
        let rest = Array(head[start...])
        guard startsWithRole(rest) != nil else { return nil }
        // The byline runs to 报道 within 36 characters.
        var end = 0
        while end + 1 < min(rest.count, 38) {
            if rest[end] == "\u{62A5}" && rest[end + 1] == "\u{9053}" { break }   // 报道
            if "\u{FF0C}\u{3002}".unicodeScalars.contains(rest[end]) { return nil }
            end += 1
        }
        guard end + 1 < rest.count, rest[end] == "\u{62A5}", rest[end + 1] == "\u{9053}" else { return nil }
        let byline = Array(rest[0..<end])
        guard isNameList(byline, maxLength: 36) else { return nil }
        var after = start + end + 2
        if after < head.count, head[after] == "\u{FF1A}" || head[after] == ":" { after += 1 }
        return Lead(byline: String(scalars: byline).collapsingSpaces,
                    bodyStart: bodyStart(in: unit, of: source, afterScalars: after))
    }

    /// The UTF-8 offset after the first `count` scalars of `unit` and the layout spaces after them.
    private static func bodyStart(in unit: TextUnit, of source: String, afterScalars count: Int) -> Int {
        let text = unit.text(in: source)
        let scalars = text.unicodeScalars
        var index = scalars.index(text.startIndex, offsetBy: count)
        while index < scalars.endIndex, scalars[index].isLayoutSpace { index = scalars.index(after: index) }
        return source.utf8.distance(from: source.utf8.startIndex, to: index)
    }

    /// `WASHINGTON —`, `LONDON (Reuters) -`, `NEW YORK, March 3 (AP) —` at the start of a paragraph.
    static func hasEnglishDateline(_ unit: TextUnit) -> Bool {
        let head = unit.head
        var index = 0
        var capitals = 0
        while index < min(head.count, 60) {
            let scalar = head[index]
            if ("A"..."Z").contains(scalar) { capitals += 1 }
            else if scalar == " " || scalar == "," || scalar == "." || scalar == "'" {
            } else if scalar == "(" {
                guard let close = head[index...].prefix(24).firstIndex(of: ")") else { return false }
                index = close
            } else if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                // `NEW YORK, March 3 (AP)`: a date after the comma is fine.
                if capitals < 3 { return false }
            } else if scalar == "\u{2014}" || scalar == "\u{2013}" || scalar == "-" {
                return capitals >= 3 && index + 1 < head.count && head[index - 1] == " " && head[index + 1] == " "
            } else {
                return false
            }
            index += 1
        }
        return false
    }
}
