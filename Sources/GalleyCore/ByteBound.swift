/// Cuts text to a number of UTF-8 bytes, for names that file systems limit in bytes (255 for
/// a file name), never in characters: 100 CJK characters are 300 bytes.
public enum ByteBound {
    /// The longest prefix of `text` of whole characters that is at most `maxBytes` bytes of UTF-8.
    public static func prefix(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var bytes = 0
        var end = text.startIndex
        for index in text.indices {
            let next = text.index(after: index)
            let size = text.utf8.distance(from: index, to: next)
            if bytes + size > maxBytes { break }
            bytes += size
            end = next
        }
        return String(text[..<end])
    }
}
