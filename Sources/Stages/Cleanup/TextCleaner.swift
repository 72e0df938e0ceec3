import Foundation
import GalleyText

/// The rules of `cleanup`, in order, on one text: mojibake (line by line, before anything
/// removes the C1 characters it needs), characters, normalization, spaces and letter spacing
/// per line, page furniture, blank lines. Each step is one pass over the text or its lines.
struct TextCleaner: Sendable {
    enum Normalization: String, CaseIterable, Sendable {
        case nfc, nfkc, none
    }

    var normalization = Normalization.nfc
    var characters = CharacterFilter()
    var repairMojibake = true
    var letterSpacing = true
    var whitespace = true
    var pageFurniture = true
    let mojibake = MojibakeRepair()

    /// What one run of the cleaner changed.
    struct Counts: Sendable, Equatable {
        var mojibakeFixed = 0
        var controlsRemoved = 0
        var invisibleRemoved = 0
        var privateUse = 0
        var ligatures = 0
        var fullwidth = 0
        var normalizedLines = 0
        var letterSpaced = 0
        var whitespace = 0
        var pageFurniture = 0

        /// The metadata counter names, without the `cleanup.` prefix.
        var named: [(String, Int)] {
            [("mojibake_fixed", mojibakeFixed), ("controls_removed", controlsRemoved),
             ("invisible_removed", invisibleRemoved), ("private_use", privateUse),
             ("ligatures_expanded", ligatures), ("fullwidth_converted", fullwidth),
             ("normalized_lines", normalizedLines), ("letter_spaced_joined", letterSpaced),
             ("whitespace_fixed", whitespace), ("page_furniture_removed", pageFurniture)]
        }
    }

    func clean(_ text: String) -> (text: String, counts: Counts) {
        var counts = Counts()
        var scalars = text.scalarArray
        if repairMojibake { scalars = repairMojibakeLines(scalars, counts: &counts) }

        var characterCounts = CharacterFilter.Counts()
        scalars = characters.filter(scalars, counts: &characterCounts)
        counts.controlsRemoved = characterCounts.controls
        counts.invisibleRemoved = characterCounts.invisible
        counts.privateUse = characterCounts.privateUse
        counts.ligatures = characterCounts.ligatures
        counts.fullwidth = characterCounts.fullwidth

        // Lines, with the page each is on (a form feed starts a new page).
        var lines: [ArraySlice<Unicode.Scalar>] = []
        var pages: [Int] = []
        var page = 0
        var start = 0
        var index = 0
        while index <= scalars.count {
            let atEnd = index == scalars.count
            guard atEnd || scalars[index] == "\n" || scalars[index] == CharacterFilter.formFeed else {
                index += 1
                continue
            }
            let isFormFeed = !atEnd && scalars[index] == CharacterFilter.formFeed
            // A form feed on a line of its own (`…\n\u{0C}\n…`) is a page break, not a blank line.
            let emptyBeforeFormFeed = isFormFeed && start == index && start > 0 && scalars[start - 1] == "\n"
            if !emptyBeforeFormFeed {
                lines.append(cleanLine(scalars[start..<index], counts: &counts))
                pages.append(page)
            }
            if isFormFeed {
                page += 1
                if index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
            }
            start = index + 1
            index += 1
        }

        var removed = Set<Int>()
        if pageFurniture {
            removed = PageFurniture.furnitureLines(lines, pages: pages)
            counts.pageFurniture = removed.count
        }

        var output: [ArraySlice<Unicode.Scalar>] = []
        output.reserveCapacity(lines.count * 2)
        var pendingBlank = false
        var wroteLine = false
        for (index, line) in lines.enumerated() where !removed.contains(index) {
            if whitespace {
                if line.isEmpty {
                    if wroteLine { pendingBlank = true }
                    continue
                }
                if wroteLine { output.append(pendingBlank ? Self.blankLine : Self.newline) }
                pendingBlank = false
            } else if index > 0 && wroteLine {
                output.append(Self.newline)
            }
            output.append(line)
            wroteLine = true
        }
        return (String(scalarPieces: output), counts)
    }

    static let newline: ArraySlice<Unicode.Scalar> = ["\n"]
    static let blankLine: ArraySlice<Unicode.Scalar> = ["\n", "\n"]

    func cleanLine(_ slice: ArraySlice<Unicode.Scalar>, counts: inout Counts) -> ArraySlice<Unicode.Scalar> {
        let survey = LineSurvey(slice, compatibility: normalization == .nfkc)
        let normalize = normalization != .none && survey.mayNeedNormalization
        if !normalize && !(letterSpacing && survey.hasSpacedLetters) && !(whitespace && survey.hasSpacesToCollapse) {
            return slice  // the common case: nothing to change, nothing copied
        }
        var line: [Unicode.Scalar]
        if normalize {
            let string = String(scalars: slice)
            let normalized = normalization == .nfkc
                ? string.precomposedStringWithCompatibilityMapping
                : string.precomposedStringWithCanonicalMapping
            line = Array(normalized.unicodeScalars)
            if !line.elementsEqual(slice) { counts.normalizedLines += 1 }
        } else {
            line = Array(slice)
        }
        if letterSpacing {
            counts.letterSpaced += LineRules.joinLetterSpacing(&line)
        }
        if whitespace && LineRules.needsCollapsing(line[...]) {
            var collapsed: [Unicode.Scalar] = []
            collapsed.reserveCapacity(line.count)
            let changes = LineRules.collapseSpaces(line[...], into: &collapsed)
            counts.whitespace += changes > 0 ? 1 : 0
            line = collapsed
        }
        return line[...]
    }

    func repairMojibakeLines(_ scalars: [Unicode.Scalar], counts: inout Counts) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        var changed = false
        var start = 0
        for index in 0...scalars.count where index == scalars.count || scalars[index] == "\n" {
            let line = scalars[start..<index]
            if MojibakeRepair.mayContainMojibake(line), let repaired = mojibake.repair(line: Array(line)) {
                if !changed {
                    output.reserveCapacity(scalars.count)
                    output.append(contentsOf: scalars[0..<start])
                    changed = true
                }
                output.append(contentsOf: repaired.scalars)
                counts.mojibakeFixed += repaired.fixed
            } else if changed {
                output.append(contentsOf: line)
            }
            if changed && index < scalars.count { output.append("\n") }
            start = index + 1
        }
        return changed ? output : scalars
    }

    /// What a line may need, found in one pass: normalization, letter-spacing, space collapsing.
    struct LineSurvey {
        var mayNeedNormalization = false
        var hasSpacedLetters = false
        var hasSpacesToCollapse = false

        init(_ line: ArraySlice<Unicode.Scalar>, compatibility: Bool) {
            guard let first = line.first, let last = line.last else { return }
            hasSpacesToCollapse = LineRules.isSpace(first) || first == "\t" || LineRules.isSpace(last) || last == "\t"
            let threshold: UInt32 = compatibility ? 0xA0 : 0x300
            var previous: Unicode.Scalar = " "
            var run = 0
            var index = line.startIndex
            let end = line.endIndex
            while index < end {
                let scalar = line[index]
                let value = scalar.value
                if value == 0x20 {
                    if previous == " " && index != line.startIndex { hasSpacesToCollapse = true }
                } else {
                    if value == 0x3000 { hasSpacesToCollapse = true }
                    if value >= threshold && !mayNeedNormalization {
                        mayNeedNormalization = TextCleaner.needsNormalization(line[index...index], compatibility: compatibility)
                    }
                    // A character standing alone between spaces: part of `F i g u r e`?
                    if previous == " " && (index + 1 == end || line[index + 1] == " ") {
                        run += 1
                        if run >= 4 { hasSpacedLetters = true }
                    } else {
                        run = 0
                    }
                }
                previous = scalar
                index += 1
            }
            if line.count < 7 { hasSpacedLetters = false }
        }
    }

    /// Whether a line holds a scalar that normalization could change. Han, kana, hangul
    /// syllables and the usual punctuation are left as they are by NFC, so most lines of CJK
    /// and Latin text skip the (comparatively slow) normalizer.
    static func needsNormalization(_ line: ArraySlice<Unicode.Scalar>, compatibility: Bool) -> Bool {
        for scalar in line {
            let value = scalar.value
            if value < (compatibility ? 0xA0 : 0x300) { continue }
            switch value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0x3041...0x3096, 0x30A1...0x30FA:
                continue
            case 0x3000...0x303F, 0x2010...0x2027, 0x2030...0x205E, 0xFF00...0xFFEF:
                if compatibility { return true }
                continue
            default:
                return true
            }
        }
        return false
    }
}
