import ExportStage
import Testing

@Suite struct SearchQueryTests {
    @Test func termsAreSortedByTheIndexThatCanFindThem() {
        let query = SearchQuery("核酸采样 vaccines 核酸 \"new centres\"")
        #expect(query.terms == [
            .init(text: "核酸采样", kind: .trigrams),
            .init(text: "vaccines", kind: .words),
            .init(text: "核酸", kind: .substring),
            .init(text: "new centres", kind: .words),
        ])
    }

    @Test func punctuationAloneIsNoTerm() {
        #expect(SearchQuery("  -- ... \"\" ").isEmpty)
        #expect(SearchQuery("covid-19").terms == [.init(text: "covid-19", kind: .words)])
    }

    @Test func anUnclosedQuoteRunsToTheEnd() {
        #expect(SearchQuery("\"three new").terms.map(\.text) == ["three new"])
    }
}
