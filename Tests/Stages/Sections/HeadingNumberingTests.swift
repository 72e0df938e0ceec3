import GalleyCore
@testable import SectionsStage
import Testing

/// Headings that the page's own evidence sets apart: its numbering sequence (two numbered headings
/// run together, a subsection's number left at the end of the heading above, a chapter's number
/// alone), a style of run-in headings the document keeps, and a second deck in capitals.
@Suite struct HeadingNumberingTests {
    func sections(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Document {
        let stage = try StageHarness.make(SectionsStage.self, options)
        return try #require(try StageHarness.run([stage], on: text))
    }

    func headings(_ document: Document) -> [String] {
        document.sections.flatMap { [$0.kicker, $0.title, $0.subtitle].compactMap { $0 } }
    }

    static let running = "The sample was observed on four nights, and the images were reduced in the usual way with flat fields taken at dusk."

    @Test func numbering() {
        let parts = { (text: String) in Array(text.unicodeScalars).withUnsafeBufferPointer { HeadingRules.sectionNumber($0) } }
        #expect(parts("4. Image") == [4])
        #expect(parts("4.1. H-band") == [4, 1])
        #expect(parts("2.1") == [2, 1])
        #expect(parts("2019 results") == nil)
        #expect(parts("Results") == nil)
        #expect(HeadingRules.follows([4, 1], [4]))
        #expect(HeadingRules.follows([4, 2], [4, 1]))
        #expect(HeadingRules.follows([5], [4, 2]))
        #expect(!HeadingRules.follows([1], [2, 3]))
        #expect(!HeadingRules.follows([4, 3], [4, 1]))
        #expect(!HeadingRules.follows([3, 1], [4]))
    }

    @Test func twoNumberedHeadingsRunTogether() throws {
        // Joined on one line (as `dehyphenate` joins a block of `pdftotext -raw`), or on two lines of one block.
        for page in ["4. Image analysis 4.1. H-band magnitudes from aperture photometry\n\n\(Self.running)",
                     "4. Image analysis\n4.1. H-band magnitudes from aperture photometry\n\n\(Self.running)"] {
            let found = headings(try sections(page, ["line_roles": .bool(false)]))
            #expect(found == ["4. Image analysis", "4.1. H-band magnitudes from aperture photometry"])
        }
        // A number that does not follow (`1` after `2.3`), or one before a word in lower case, stays inside.
        for heading in ["2.3 Comparison of Model 1 Versus Model 2", "3.2 Results for 2 groups"] {
            let found = headings(try sections("\(heading)\n\n\(Self.running)", ["line_roles": .bool(false)]))
            #expect(found == [heading])
        }
    }

    @Test func aSubsectionNumberLeftOnTheHeadingAbove() throws {
        let page = "2\n\nMATERIALS AND METHODS 2.1\n\nMaterials\n\n\(Self.running)\n\n2.2 Peptide preparation\n\n\(Self.running)"
        let found = headings(try sections(page, ["line_roles": .bool(false)]))
        #expect(found == ["2 MATERIALS AND METHODS", "2.1 Materials", "2.2 Peptide preparation"])
        // A label's number stays with its label; a number alone without its subsection below stays apart.
        let labels = headings(try sections("Results of Table 2.1\n\nMethods\n\n\(Self.running)\n\n12\n\nResults\n\n\(Self.running)", ["line_roles": .bool(false)]))
        #expect(!labels.contains { $0.hasPrefix("2.1") || $0.hasPrefix("12 ") })
    }

    static let runInPage = """
        Kinetic Analyses of CAII Hits.

        \(running) \(running)

        Site Screening against a Range of Purified Proteins. A panel of three proteins was selected for the screening of the library, and \(running)
        """

    @Test func runInHeadingsTheDocumentKeeps() throws {
        let found = headings(try sections(Self.runInPage, ["line_roles": .bool(false)]))
        #expect(found == ["Kinetic Analyses of CAII Hits.", "Site Screening against a Range of Purified Proteins."])
        let site = try #require(try sections(Self.runInPage, ["line_roles": .bool(false)]).sections.last)
        #expect(site.text.hasPrefix("A panel of three proteins"))
        // One such phrase alone is a sentence; so are a name's initial, a title before a name, capitals.
        let one = headings(try sections("Kinetic Analyses of CAII Hits.\n\n\(Self.running) \(Self.running)", ["line_roles": .bool(false)]))
        #expect(one.isEmpty)
        let names = "Thomas N. Smith went to town, and \(Self.running)\n\nWhen Mr. Jones came home, \(Self.running)\n\nNIKOLA TESLA AT WORK.\n\nSTERN OF THE MERCHANT VESSEL.\n\n\(Self.running)"
        #expect(headings(try sections(names, ["line_roles": .bool(false)])).isEmpty)
    }

    @Test func headingsJoinedToTheFirstSentence() throws {
        let page = """
            Measurement of Blood Flow by Colored Microspheres The infusion of colored microspheres started at least an hour after surgery, and \(Self.running)

            Organ Blood Flow in the Control Group The second measurements of organ blood flow were lower than the first in every organ, and \(Self.running)
            """
        let document = try sections(page, ["line_roles": .bool(false)])
        #expect(headings(document) == ["Measurement of Blood Flow by Colored Microspheres", "Organ Blood Flow in the Control Group"])
        #expect(document.sections.last?.text.hasPrefix("The second measurements") ?? false)
        // Names running into a sentence are not headings (the next word is not one that opens sentences).
        let names = """
            United States Department of Agriculture Economic Research Service reported that the harvest was late, and \(Self.running)

            New York City Police Department Officers said that the parade went on, and \(Self.running)
            """
        #expect(headings(try sections(names, ["line_roles": .bool(false)])).isEmpty)
    }

    @Test func aPapersAuthorsAreItsByline() throws {
        #expect(SectionBuilder.isAuthorLine("Doug Downey, Stefan Schoenmackers, and Oren Etzioni"))
        #expect(SectionBuilder.isAuthorLine("Chris QUIRK, Chris BROCKETT and William DOLAN"))
        #expect(SectionBuilder.isAuthorLine("Viren Jain1, H. Sebastian Seung1"))
        #expect(!SectionBuilder.isAuthorLine("Viren Jain"))
        #expect(!SectionBuilder.isAuthorLine("Turing Center, Department of Computer Science and Engineering"))
        #expect(!SectionBuilder.isAuthorLine("Redmond, WA 90852 USA"))
        let page = [
            "Monolingual Machine Translation for Paraphrase Generation", "Chris QUIRK, Chris BROCKETT and William DOLAN",
            "Natural Language Processing Group Microsoft Research", "One Microsoft Way", "Redmond, WA 90852 USA",
            "Abstract", "\(Self.running) \(Self.running)", "Introduction", "\(Self.running) \(Self.running)",
        ].joined(separator: "\n\n")
        let document = try sections(page, ["line_roles": .bool(false)])
        let first = try #require(document.sections.first)
        #expect(first.title == "Monolingual Machine Translation for Paraphrase Generation")
        #expect(first.byline == "Chris QUIRK, Chris BROCKETT and William DOLAN")
        #expect(first.subtitle == nil)
        // Not a signed article: the unnumbered headings below still open sections.
        #expect(document.sections.compactMap(\.title) == ["Monolingual Machine Translation for Paraphrase Generation", "Abstract", "Introduction"])
    }

    @Test func aSecondDeckInCapitals() throws {
        // As `dehyphenate` hands it on: the headline's lines apart, the deck joined into one line.
        let page = [
            "MEETING OF THE COUNTY BOARD",
            "The county board met on Tuesday at the court house to hear the plans for the new roads of the north district.",
            "Many spoke in favor of the plan, and the board will vote on it at the next meeting in the spring of the year.",
            "The family will come home next week with him, and the farm will be sold at the end of the month to a buyer from the east.",
            "NEW MEXICO CATTLE", "SHIPMENTS LARGE",
            "Cattle Inspected and Shipped Out of New Mexico in Fiscal Year Ending in November",
            "OF THIS NUMBER 260,000 ORIGINATED IN NEW MEX.",
            "In the fiscal year ended November 30, last 300,325 head of cattle were inspected for shipment in New Mexico; of this number about 75,000 head originated in Old Mexico, the inspector said.",
        ].joined(separator: "\n\n")
        let document = try sections(page)
        let cattle = try #require(document.sections.first { ($0.title ?? "").hasPrefix("NEW MEXICO CATTLE") })
        #expect(cattle.subtitle?.hasSuffix("ORIGINATED IN NEW MEX.") ?? false)
        #expect(cattle.text.hasPrefix("In the fiscal year"), "\(document.sections)")
    }
}
