import Foundation

/// Prometheus' text exposition format (0.0.4), written by hand rather than through a client library:
/// the server only ever exposes gauges and counters it already holds, and the format is small.
///
/// Rules followed: a family's `# HELP` and `# TYPE` lines come once, before its samples; its samples
/// come together; metric and label names match `[a-zA-Z_:][a-zA-Z0-9_:]*`; label values escape `\`,
/// `"` and line feeds, help text `\` and line feeds; values are Go-style floats (`NaN`, `+Inf`).
public struct PrometheusText {
    enum Kind: String {
        case gauge, counter
    }

    private var families: [String: (help: String, kind: Kind, samples: [String: Double])] = [:]
    private var order: [String] = []

    /// Sets a sample (the latest set wins for the same name and labels). Labels are written in the
    /// order given.
    mutating func set(_ name: String, help: String, kind: Kind = .gauge, labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        set(name, help: help, kind: kind, labels: labels.map { ($0.key, $0.value) }, value)
    }

    mutating func set(_ name: String, help: String, kind: Kind = .gauge, labels: [(String, String)], _ value: Double) {
        let name = Self.name(name)
        if families[name] == nil {
            families[name] = (help, kind, [:])
            order.append(name)
        }
        let labelText = labels.isEmpty ? "" : "{" + labels.map { "\(Self.name($0.0))=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        families[name]?.samples[labelText] = value
    }

    var text: String {
        var out = ""
        for name in order {
            guard let family = families[name] else { continue }
            out += "# HELP \(name) \(Self.escapeHelp(family.help))\n# TYPE \(name) \(family.kind.rawValue)\n"
            for (labels, value) in family.samples.sorted(by: { $0.key < $1.key }) {
                out += "\(name)\(labels) \(Self.format(value))\n"
            }
        }
        return out
    }

    /// A valid metric or label name: anything else becomes `_`, and a leading digit gets a `_` before it.
    static func name(_ raw: String) -> String {
        var out = ""
        for scalar in raw.unicodeScalars {
            let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == ":")
            out.unicodeScalars.append(ok ? scalar : "_")
        }
        if let first = out.unicodeScalars.first, ("0"..."9").contains(first) { out = "_" + out }
        return out.isEmpty ? "_" : out
    }

    static func escapeLabel(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
