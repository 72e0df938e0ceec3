import CYaml
import Foundation
import Yams

/// The one way Galley reads YAML (`pipeline.yaml`, `galley test` files): `Yams.compose`
/// behind a guard against alias bombs.
///
/// Composing shares an anchored node between its aliases, but anything that walks the tree
/// (reading `equals:` values, hashing mapping keys to find duplicates) expands it: 485 bytes
/// of nested aliases are billions of nodes. Before composing, libyaml's events are read once
/// and the size of the tree with every alias expanded is counted, each anchor's size kept, in
/// time linear in the text; a text past ``maxNodes`` nodes or ``maxScalarBytes`` bytes of
/// scalars is refused with the place of the alias that crossed the limit. Never `Yams.load`,
/// which crashes on some hostile input.
///
/// Mapping keys must be scalars. Yams sorts duplicate keys with a comparison that recurses
/// twice per nesting level, so two keys like `[[[…[0]…]], 1]` take time exponential in their
/// depth (342 bytes of such keys: 9 s; a few more levels: hours). No Galley file has a key that
/// is a list or a mapping, so such a key is refused before composing.
public enum GuardedYAML {
    /// Nodes a document may have once aliases are expanded.
    public static let maxNodes = 1_000_000
    /// Bytes of scalar text a document may have once aliases are expanded.
    public static let maxScalarBytes = 64 << 20
    /// Bytes of YAML text read at most.
    public static let maxTextBytes = 32 << 20

    /// A text the guard refuses, with the 1-based place of the problem.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { message }
    }

    /// The root node of `text` (nil when it is empty). Throws ``Refusal`` for a text past the
    /// limits, and Yams' `YamlError` for invalid YAML.
    public static func compose(_ text: String) throws -> Node? {
        try check(text)
        return try Yams.compose(yaml: text)
    }

    /// Throws ``Refusal`` when `text` is too large, or expands past the limits through aliases.
    /// Invalid YAML passes: composing reports it with Yams' own messages.
    public static func check(_ text: String) throws(Refusal) {
        let count = text.utf8.count
        guard count <= maxTextBytes else {
            throw Refusal(line: 1, column: 1, message: "the file has \(count) bytes, more than the \(maxTextBytes) a YAML file may have")
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Refusal) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Size] = [:]
            var collectionAnchors: Set<String> = []
            var open: [OpenNode] = [OpenNode(anchor: nil, isMapping: false, size: Size())]
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
                if open[open.count - 1].expectsKey {
                    let isCollection = switch event.type {
                    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT: true
                    case YAML_ALIAS_EVENT: string(event.data.alias.anchor).map(collectionAnchors.contains) ?? false
                    default: false
                    }
                    if isCollection {
                        throw Refusal(line: line, column: column, message: "a mapping key is a list or a mapping; keys must be plain text")
                    }
                }
                var added: Size?
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    let size = Size(nodes: 1, scalarBytes: Int(event.data.scalar.length))
                    if let anchor = string(event.data.scalar.anchor) {
                        sizes[anchor] = size
                        collectionAnchors.remove(anchor)
                    }
                    added = size
                case YAML_ALIAS_EVENT:
                    added = string(event.data.alias.anchor).flatMap { sizes[$0] } ?? Size(nodes: 1, scalarBytes: 0)
                case YAML_SEQUENCE_START_EVENT:
                    open.append(OpenNode(anchor: string(event.data.sequence_start.anchor), isMapping: false))
                case YAML_MAPPING_START_EVENT:
                    open.append(OpenNode(anchor: string(event.data.mapping_start.anchor), isMapping: true))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard open.count > 1 else { return }
                    let closed = open.removeLast()
                    if let anchor = closed.anchor {
                        sizes[anchor] = closed.size
                        collectionAnchors.insert(anchor)
                    }
                    added = closed.size
                default:
                    break
                }
                if let added {
                    open[open.count - 1].children += 1
                    open[open.count - 1].size.add(added)
                    let size = open[open.count - 1].size
                    if size.nodes > maxNodes || size.scalarBytes > maxScalarBytes {
                        throw Refusal(line: line, column: column, message: "aliases (*name) expand this file past \(size.nodes > maxNodes ? "\(maxNodes) nodes" : "\(maxScalarBytes) bytes of text"); Galley refuses it rather than expand it")
                    }
                }
            }
        }
    }

    /// A list or mapping whose end has not been read yet.
    struct OpenNode {
        var anchor: String?
        var isMapping: Bool
        var size = Size(nodes: 1, scalarBytes: 0)
        /// Nodes read inside it so far: in a mapping, keys and values alternate.
        var children = 0

        var expectsKey: Bool { isMapping && children % 2 == 0 }
    }

    /// A tree's size with its aliases expanded; saturates instead of overflowing.
    struct Size {
        var nodes = 0
        var scalarBytes = 0

        mutating func add(_ other: Size) {
            nodes = nodes.addingReportingOverflow(other.nodes).overflow ? .max : nodes + other.nodes
            scalarBytes = scalarBytes.addingReportingOverflow(other.scalarBytes).overflow ? .max : scalarBytes + other.scalarBytes
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
