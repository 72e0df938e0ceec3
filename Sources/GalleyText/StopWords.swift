/// Words too common to say what a text is about, for ranking and keyword extraction.
public enum StopWords {
    /// English function words and the most common verbs, lower-case (`the`, `of`, `said`).
    public static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
        "himself", "his", "how", "i", "if", "in", "into", "is", "it", "it's", "its", "itself", "just",
        "may", "me", "might", "more", "most", "must", "my", "myself", "no", "nor", "not", "now", "of",
        "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
        "said", "same", "say", "says", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yours", "yourself", "yourselves", "mr", "mrs", "ms", "one", "two", "new", "year", "years",
        "however", "many", "much", "yet", "per", "cent", "since", "around", "last", "told", "according",
        "there's", "that's", "he's", "she's", "they're", "we're", "i'm", "don't", "didn't", "doesn't",
        "isn't", "wasn't", "won't", "can't", "couldn't", "wouldn't", "shouldn't", "aren't", "weren't",
    ]

    /// Whether `token` (lower-case) is an English stop word.
    public static func isEnglishStopWord(_ token: String) -> Bool {
        english.contains(token)
    }
}
