import GalleyCore

/// The reference tables of the README (the keys of `pipeline.yaml` and every stage's options),
/// generated from the same declarations as validation and the schema. `galley stages
/// --markdown` prints them; a test checks that the README holds the current version.
public enum ReferenceDocumentation {
    public static func markdown(for catalog: StageCatalog) -> String {
        var text = "### `pipeline.yaml` keys\n\n| key | type | default | what it does |\n|---|---|---|---|\n"
        text += row("version", ConfigSchema.version)
        for section in ConfigSchema.sections {
            for spec in section.keys { text += row("\(section.name).\(spec.name)", spec) }
        }
        text += "| `stages[].use` | stage name | required | The stage module: one of \(catalog.names.map { "`\($0)`" }.joined(separator: ", ")). |\n"
        text += "| `stages[].name` | string | the `use` value | The stage's name in metrics and logs; needed to use one module twice. |\n"
        text += "| `stages[].with` | mapping | {} | The stage's options (below). |\n"
        for type in catalog.types {
            let descriptor = type.descriptor
            text += "\n### `\(descriptor.name)`\n\n\(descriptor.summary)\n"
            if descriptor.options.isEmpty {
                text += "\nNo options.\n"
                continue
            }
            text += "\n| option | type | default | what it does |\n|---|---|---|---|\n"
            for spec in descriptor.options { text += row(spec.name, spec) }
        }
        return text
    }

    static func row(_ name: String, _ spec: OptionSpec) -> String {
        let value = spec.isRequired ? "required" : spec.defaultValue.map { "`\($0.description)`" } ?? "unset"
        let summary = spec.summary.replacingOccurrences(of: "|", with: "\\|")
        return "| `\(name)` | \(spec.type.displayName.replacingOccurrences(of: "|", with: "\\|")) | \(value) | \(summary) |\n"
    }
}
