/// Words that are never keywords.
enum StopWords {
    /// Function words of English, French, German and Spanish (lower-case, three letters or more:
    /// shorter words are left out anyway).
    static let latin: Set<String> = [
        // English
        "about", "above", "after", "again", "against", "all", "also", "among", "and", "another", "any", "are",
        "around", "because", "been", "before", "being", "below", "between", "both", "but", "can", "cannot",
        "could", "did", "does", "doing", "done", "down", "during", "each", "either", "even", "ever", "every",
        "few", "for", "from", "further", "had", "has", "have", "having", "her", "here", "hers", "herself",
        "him", "himself", "his", "how", "however", "into", "its", "itself", "just", "last", "less", "like",
        "made", "make", "many", "may", "might", "more", "most", "much", "must", "myself", "near", "neither",
        "never", "new", "next", "nor", "not", "now", "off", "often", "once", "one", "only", "other", "others",
        "our", "ours", "ourselves", "out", "over", "own", "per", "rather", "said", "same", "say", "says",
        "see", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though",
        "three", "through", "thus", "too", "two", "under", "until", "upon", "very", "was", "way", "were",
        "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
        "within", "without", "would", "year", "years", "yet", "you", "your", "yours", "yourself",
        "it's", "don't", "didn't", "doesn't", "isn't", "wasn't", "can't", "won't", "i'm", "he's", "she's",
        "that's", "there's", "they're", "we're", "you're", "i've", "we've", "they've",
        // French
        "les", "des", "une", "dans", "que", "qui", "pour", "pas", "sur", "par", "avec", "est", "sont",
        "aux", "ces", "cette", "son", "ses", "leur", "leurs", "mais", "plus", "comme", "été", "être",
        // German
        "der", "die", "das", "und", "ist", "nicht", "mit", "ein", "eine", "einer", "eines", "den", "dem",
        "des", "auf", "sich", "für", "von", "auch", "als", "wie", "bei", "nach", "oder", "aus", "wird",
        "werden", "wurde", "hat", "sind", "war", "noch", "nur", "über",
        // Spanish
        "los", "las", "una", "por", "con", "para", "del", "como", "pero", "más", "este", "esta", "sus",
        "fue", "son", "entre", "sin", "sobre", "también", "ser", "hay",
    ]

    /// Chinese function characters: an n-gram that starts or ends with one is not a term.
    static let cjkBoundary: Set<UInt32> = Set("的了和是在对与及等为也就都而并把被从以之于其这那个们我你他她它着过还又或但如所向让给将要已到说呢吗吧啊〇"
        .unicodeScalars.map(\.value))

    static func isCJKBoundary(_ scalar: UInt32) -> Bool { cjkBoundary.contains(scalar) }
}
