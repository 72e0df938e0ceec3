import Foundation
import GalleyCore
import Yams

/// Reads and checks `pipeline.yaml`, reporting every problem at once.
///
/// The file is parsed with `Yams.compose`, which keeps the line and column of every node
/// (never `Yams.load`, which crashes on some hostile input). Relative paths in the file are
/// resolved against the file's folder; `--input` and `--output` overrides against the
/// working folder.
public struct PipelineLoader: Sendable {
    public var catalog: StageCatalog
    public var environment: [String: String]

    public init(catalog: StageCatalog, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.catalog = catalog
        self.environment = environment
    }

    /// Overrides from the command line.
    public struct Overrides: Sendable {
        public var inputs: [String]
        public var output: String?
        public var workingDirectory: URL

        public init(inputs: [String] = [], output: String? = nil,
                    workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
            self.inputs = inputs
            self.output = output
            self.workingDirectory = workingDirectory
        }
    }

    /// Loads the file at `url`.
    public func load(file url: URL, overrides: Overrides = Overrides(), checkInputs: Bool = true) throws(ConfigurationError) -> PipelineConfiguration {
        let name = Self.displayName(of: url, relativeTo: overrides.workingDirectory)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError([Diagnostic(file: name, line: 0, column: 0,
                                                 message: "cannot read the pipeline file: \(Self.reason(error))")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigurationError([Diagnostic(file: name, line: 0, column: 0, message: "the pipeline file is not valid UTF-8")])
        }
        return try load(text: text, fileName: name, file: url.standardizedFileURL,
                        baseDirectory: url.standardizedFileURL.deletingLastPathComponent(),
                        overrides: overrides, checkInputs: checkInputs)
    }

    /// Loads configuration text; `fileName` is what diagnostics print.
    public func load(text: String, fileName: String, file: URL, baseDirectory: URL,
                     overrides: Overrides = Overrides(), checkInputs: Bool = true) throws(ConfigurationError) -> PipelineConfiguration {
        var reader = ValueReader(file: fileName, environment: environment)
        guard let root = compose(text, reader: &reader) else {
            throw ConfigurationError(reader.diagnostics.sorted())
        }
        let configuration = read(root, reader: &reader, file: file, baseDirectory: baseDirectory,
                                 overrides: overrides, checkInputs: checkInputs)
        if !reader.diagnostics.isEmpty {
            throw ConfigurationError(Array(Set(reader.diagnostics)).sorted())
        }
        return configuration!
    }

    // MARK: - Parsing

    /// Parses the text; duplicate keys are reported, renamed out of the way and parsing goes
    /// on, so that the other problems in the file are reported too.
    private func compose(_ original: String, reader: inout ValueReader) -> Node? {
        var text = original
        var silenced: Set<String> = []
        for attempt in 0..<50 {
            do {
                reader = ValueReader(file: reader.file, environment: environment, silencedKeys: silenced,
                                     diagnostics: reader.diagnostics)
                guard let node = try GuardedYAML.compose(text) else {
                    reader.error("the pipeline file is empty; it needs at least 'stages:'", line: 1, column: 1)
                    return nil
                }
                return node
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                var replaced = false
                for key in duplicates {
                    let placeholder = "__galley_duplicate_\(attempt)_\(silenced.count)"
                    if let position = Self.nextOccurrence(of: key, after: context.mark, in: text) {
                        reader.error("duplicate key '\(key)' (first at line \(context.mark.line))",
                                     line: position.line, column: position.column)
                        text = Self.replacing(key, at: position, with: placeholder, in: text)
                        silenced.insert(placeholder)
                        replaced = true
                    }
                }
                if !replaced {
                    reader.error("duplicate keys \(duplicates.map { "'\($0)'" }.joined(separator: ", "))",
                                 line: context.mark.line, column: context.mark.column)
                    return nil
                }
            } catch let refusal as GuardedYAML.Refusal {
                reader.error(refusal.message, line: refusal.line, column: refusal.column)
                return nil
            } catch let error as YamlError {
                let (line, column, message) = Self.describe(error)
                let lines = Self.yamlLines(text)
                let hint = line >= 1 && line <= lines.count && lines[line - 1].contains("${")
                    ? " (inside [ ] or { }, quote values that use ${…}: \"${HOME}/data\")" : ""
                reader.error("invalid YAML: \(message)\(hint)", line: line, column: column)
                return nil
            } catch {
                reader.error("invalid YAML: \(error)", line: 1, column: 1)
                return nil
            }
        }
        return nil
    }

    /// The line, column and message of a YAML error.
    public static func describe(_ error: YamlError) -> (Int, Int, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return (mark.line, mark.column, detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, context.mark.column,
                    "duplicate key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, let offset, _, _):
            return (1, 1, problem + (offset.map { " at byte \($0)" } ?? ""))
        default:
            return (1, 1, "\(error)")
        }
    }

    /// The line and column of the next `key:` after the first one at `mark`.
    static func nextOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = yamlLines(text)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        for lineIndex in (mark.line - 1)..<lines.count {
            let scalars = Array(lines[lineIndex].unicodeScalars)
            let start = lineIndex == mark.line - 1 ? mark.column : 0
            var column = start
            let keyScalars = Array(key.unicodeScalars)
            while column + keyScalars.count <= scalars.count {
                if Array(scalars[column..<(column + keyScalars.count)]) == keyScalars,
                   column == 0 || [" ", "{", ",", "\t", "\"", "'", "-"].contains(Character(scalars[column - 1])) {
                    var after = column + keyScalars.count
                    if after < scalars.count, scalars[after] == "\"" || scalars[after] == "'" { after += 1 }
                    while after < scalars.count, scalars[after] == " " { after += 1 }
                    if after < scalars.count, scalars[after] == ":" {
                        return (lineIndex + 1, column + 1)
                    }
                }
                column += 1
            }
        }
        return nil
    }

    /// The lines of `text` as libyaml counts them, whose marks are lines in this sense: a line
    /// ends at LF, CR, CR LF, NEL, LS or PS.
    static func yamlLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { character in
            character == "\n" || character == "\r" || character == "\r\n" || character == "\u{85}"
                || character == "\u{2028}" || character == "\u{2029}"
        }
    }

    static func replacing(_ key: String, at position: (line: Int, column: Int), with placeholder: String, in text: String) -> String {
        var lines = yamlLines(text).map(String.init)
        var scalars = Array(lines[position.line - 1].unicodeScalars)
        scalars.replaceSubrange((position.column - 1)..<(position.column - 1 + key.unicodeScalars.count),
                                with: placeholder.unicodeScalars)
        var line = String.UnicodeScalarView()
        line.append(contentsOf: scalars)
        lines[position.line - 1] = String(line)
        return lines.joined(separator: "\n")
    }

    // MARK: - Reading the tree

    private func read(_ root: Node, reader: inout ValueReader, file: URL, baseDirectory: URL,
                      overrides: Overrides, checkInputs: Bool) -> PipelineConfiguration? {
        guard case .mapping(let mapping) = root else {
            reader.error("the pipeline file must be a mapping with 'stages:' and optional 'input:', 'output:', 'concurrency:'", at: root)
            return nil
        }
        var sections: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                reader.error("top-level keys must be strings", at: key)
                continue
            }
            if reader.silencedKeys.contains(name) { continue }
            guard ConfigSchema.topLevelKeys.contains(name) else {
                reader.error("unknown key '\(name)'" + Suggestion.hint(for: name, in: ConfigSchema.topLevelKeys)
                             + " (known: \(ConfigSchema.topLevelKeys.joined(separator: ", ")))", at: key)
                continue
            }
            sections[name] = value
        }
        if let version = sections["version"] {
            _ = reader.value(version, as: ConfigSchema.version.type, name: "version")
        }
        let inputValues = StageOptions(specs: ConfigSchema.input,
                                       values: reader.options(sections["input"], specs: ConfigSchema.input, context: "'input'"))
        let outputValues = StageOptions(specs: ConfigSchema.output,
                                        values: reader.options(sections["output"], specs: ConfigSchema.output, context: "'output'"))
        let concurrencyValues = StageOptions(specs: ConfigSchema.concurrency,
                                             values: reader.options(sections["concurrency"], specs: ConfigSchema.concurrency, context: "'concurrency'"))

        // Inputs: from the command line when given, else from the file.
        var inputPaths: [URL] = []
        if !overrides.inputs.isEmpty {
            for path in overrides.inputs {
                let url = Self.resolve(path, against: overrides.workingDirectory)
                if checkInputs && !FileManager.default.fileExists(atPath: url.path) {
                    reader.diagnostics.append(Diagnostic(file: "--input", line: 0, column: 0,
                                                         message: "input path '\(path)' does not exist"))
                }
                inputPaths.append(url)
            }
        } else {
            let declared = inputValues.strings("paths") ?? []
            let nodes = Self.listNodes(sections["input"], key: "paths")
            for (index, path) in declared.enumerated() {
                let url = Self.resolve(path, against: baseDirectory)
                if checkInputs && !FileManager.default.fileExists(atPath: url.path) {
                    reader.error("input path '\(path)' does not exist (resolved to \(url.path))",
                                 at: index < nodes.count ? nodes[index] : sections["input"])
                }
                inputPaths.append(url)
            }
        }
        let outputDirectory = overrides.output.map { Self.resolve($0, against: overrides.workingDirectory) }
            ?? Self.resolve(outputValues.string("dir") ?? "output", against: baseDirectory)
        let outputNode = Self.mappingValue(sections["output"], key: "dir")
        for problem in OutputLocation.problems(
            given: overrides.output ?? outputValues.string("dir"), resolved: outputDirectory,
            inputs: inputPaths, home: environment["HOME"]) {
            if overrides.output != nil {
                reader.diagnostics.append(Diagnostic(file: "--output", line: 0, column: 0, message: problem))
            } else {
                reader.error("output.dir: " + problem, at: outputNode ?? sections["output"])
            }
        }

        let stages = readStages(sections["stages"], root: root, reader: &reader)
        return PipelineConfiguration(
            file: file, baseDirectory: baseDirectory,
            input: InputSettings(paths: inputPaths, include: inputValues.strings("include") ?? [],
                                 exclude: inputValues.strings("exclude") ?? [],
                                 maxBytes: inputValues.int("max_bytes") ?? (256 << 20)),
            output: OutputSettings(directory: outputDirectory, prune: outputValues.bool("prune") ?? false),
            concurrency: ConcurrencySettings(documents: concurrencyValues.int("documents") ?? 8,
                                             jobs: concurrencyValues.int("jobs"),
                                             bytes: concurrencyValues.int("bytes") ?? (256 << 20)),
            stages: stages)
    }

    private func readStages(_ node: Node?, root: Node, reader: inout ValueReader) -> [StageEntry] {
        guard let node, !ValueReader.isNull(node) else {
            reader.error("'stages' is missing: list at least one stage, such as '- use: cleanup'", at: node ?? root)
            return []
        }
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            reader.error("'stages' must be a non-empty list of stages, such as '- use: cleanup'", at: node)
            return []
        }
        var entries: [StageEntry] = []
        var namesSeen: [String: Int] = [:]
        for item in sequence {
            guard case .mapping(let mapping) = item else {
                if let word = item.scalar?.string, catalog.type(named: word) != nil {
                    reader.error("a stage is a mapping: write '- use: \(word)'", at: item)
                } else {
                    reader.error("each stage must be a mapping with 'use:'", at: item)
                }
                continue
            }
            var useNode: Node?, nameNode: Node?, withNode: Node?
            for (key, value) in mapping {
                switch key.scalar?.string {
                case "use": useNode = value
                case "name": nameNode = value
                case "with": withNode = value
                case let other?:
                    if reader.silencedKeys.contains(other) { continue }
                    var hint = Suggestion.hint(for: other, in: ConfigSchema.stageEntryKeys)
                    if hint.isEmpty, let useText = mapping["use"]?.scalar?.string,
                       catalog.type(named: useText)?.descriptor.option(named: other) != nil {
                        hint = "; stage options go under 'with:'"
                    }
                    reader.error("unknown key '\(other)' in a stage" + hint + " (known: use, name, with)", at: key)
                case nil:
                    reader.error("keys of a stage must be strings", at: key)
                }
            }
            guard let useNode else {
                reader.error("this stage has no 'use:' naming its module (one of: \(catalog.names.joined(separator: ", ")))", at: item)
                continue
            }
            guard let use = reader.scalarText(useNode), !use.isEmpty else {
                reader.error("'use' must name a stage module", at: useNode)
                continue
            }
            guard let type = catalog.type(named: use) else {
                reader.error("unknown stage '\(use)'" + Suggestion.hint(for: use, in: catalog.names)
                             + " (known: \(catalog.names.joined(separator: ", ")))", at: useNode)
                continue
            }
            var name = use
            if let nameNode {
                let problemsBefore = reader.diagnostics.count
                let text = reader.scalarText(nameNode)
                if reader.diagnostics.count > problemsBefore {
                    name = "\(use)@\(nameNode.mark?.line ?? 0)"
                } else if let text, !text.isEmpty,
                   text.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) }) {
                    name = text
                } else {
                    reader.error("'name' must be a word of letters, digits, '_', '-' or '.'", at: nameNode)
                }
            }
            let mark = item.mark ?? useNode.mark
            if let firstLine = namesSeen[name] {
                reader.error("two stages are named '\(name)' (the first at line \(firstLine)); give one a different 'name:'",
                             at: nameNode ?? useNode)
            } else {
                namesSeen[name] = mark?.line ?? 0
            }
            let values = reader.options(withNode, specs: type.descriptor.options, context: "stage '\(use)'", owner: item)
            entries.append(StageEntry(
                use: use, name: name,
                options: StageOptions(specs: type.descriptor.options, values: values),
                line: mark?.line ?? 0, column: mark?.column ?? 0))
        }
        return entries
    }

    static func mappingValue(_ section: Node?, key: String) -> Node? {
        guard case .mapping(let mapping)? = section else { return nil }
        return mapping[key]
    }

    static func listNodes(_ section: Node?, key: String) -> [Node] {
        guard case .mapping(let mapping)? = section, case .sequence(let sequence)? = mapping[key] else { return [] }
        return Array(sequence)
    }

    static func resolve(_ path: String, against base: URL) -> URL {
        var expanded = path
        if expanded.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            expanded = home + expanded.dropFirst()
        }
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return base.appendingPathComponent(expanded).standardizedFileURL
    }

    static func displayName(of url: URL, relativeTo directory: URL) -> String {
        let path = url.standardizedFileURL.path
        let prefix = directory.standardizedFileURL.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}
