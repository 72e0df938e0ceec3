import GalleyCore

/// The reference documentation made from the same declarations as validation and the schema:
/// `docs/reference.md` (the keys of `pipeline.yaml` and every stage's options, printed by
/// `galley stages --markdown`) and the README's table of stages (`galley stages
/// --markdown-index`). `scripts/regenerate.sh` writes both; tests check that the committed
/// files are current.
public enum ReferenceDocumentation {
    /// The whole of `docs/reference.md`.
    public static func markdown(for catalog: StageCatalog) -> String {
        var text = """
            # Reference

            Every key of `pipeline.yaml` and every option of every stage, made from the declarations \
            that `galley validate` checks against. `galley stages --markdown` prints this page and \
            `scripts/regenerate.sh` rewrites it; a test fails when it is stale.

            Every stage entry has `use:` (the module), optional `name:` (its name in metrics and \
            logs; needed to use one module twice) and optional `with:` (its options).

            ## Stages

            """
        text += "\n" + stageIndex(for: catalog, pages: "stages/")
        text += "\n## `pipeline.yaml` keys\n\n| key | type | default | what it does |\n|---|---|---|---|\n"
        text += row("version", ConfigSchema.version)
        for section in ConfigSchema.sections {
            for spec in section.keys { text += row("\(section.name).\(spec.name)", spec) }
        }
        text += "| `stages[].use` | stage name | required | The stage module: one of \(catalog.names.map { "`\($0)`" }.joined(separator: ", ")). |\n"
        text += "| `stages[].name` | string | the `use` value | The stage's name in metrics and logs; needed to use one module twice. |\n"
        text += "| `stages[].with` | mapping | {} | The stage's options (below). |\n"
        for type in catalog.types {
            let descriptor = type.descriptor
            text += "\n## `\(descriptor.name)`\n\n\(descriptor.summary) Guide: [stages/\(descriptor.name).md](stages/\(descriptor.name).md).\n"
            if descriptor.options.isEmpty {
                text += "\nNo options.\n"
                continue
            }
            text += "\n| option | type | default | what it does |\n|---|---|---|---|\n"
            for spec in descriptor.options { text += row(spec.name, spec) }
        }
        return text
    }

    /// A table of the stages, each with its summary and a link to its page: `pages` is the path
    /// of `docs/stages/` from the file the table is in (`docs/stages/` for the README).
    public static func stageIndex(for catalog: StageCatalog, pages: String) -> String {
        var text = "| stage | what it does | guide |\n|---|---|---|\n"
        for type in catalog.types {
            let descriptor = type.descriptor
            let page = "\(pages)\(descriptor.name).md"
            text += "| `\(descriptor.name)` | \(escaped(descriptor.summary)) | [\(page)](\(page)) |\n"
        }
        return text
    }

    static func row(_ name: String, _ spec: OptionSpec) -> String {
        let value = spec.isRequired ? "required" : spec.defaultValue.map { "`\($0.description)`" } ?? "unset"
        return "| `\(name)` | \(escaped(spec.type.displayName)) | \(value) | \(escaped(spec.summary)) |\n"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
