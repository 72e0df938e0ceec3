/// The text `galley test` prints: every case with ✓ or ✗, every failure with its location
/// and diff, and a closing `N passed, N failed` line.
public enum PipelineTestReport {
    public static func render(_ results: [PipelineTestResult]) -> String {
        var lines: [String] = []
        for result in results {
            lines.append(result.file)
            for testCase in result.cases {
                lines.append("  \(testCase.passed ? "✓" : "✗") \(testCase.name)")
                for failure in testCase.failures {
                    lines.append(contentsOf: failure.description.split(separator: "\n", omittingEmptySubsequences: false)
                        .map { "      " + $0 })
                }
            }
        }
        let passed = results.reduce(0) { $0 + $1.passed }
        let failed = results.reduce(0) { $0 + $1.failed }
        lines.append("")
        lines.append("\(passed) passed, \(failed) failed")
        return lines.joined(separator: "\n") + "\n"
    }
}
