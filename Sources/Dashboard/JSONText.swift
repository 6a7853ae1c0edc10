/// A small JSON writer with a fixed, stable layout: keys sorted, two-space indentation, `"key": value`,
/// and every character a terminal could act on escaped as `\uXXXX` (C0 and C1 controls, DEL, bidi
/// overrides and isolates, line and paragraph separators), so the text is safe to print and still parses
/// back to exactly the original strings.
public indirect enum JSONText: Sendable, Equatable {
    case null
    case string(String)
    /// A number already written as JSON (`42`, `0.1852`, `69057.188`).
    case number(String)
    case object([String: JSONText])
    case array([JSONText])

    /// The document, ending in a newline.
    public func rendered() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out + "\n"
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .number(let text): out += text
        case .string(let text): Self.writeString(text, to: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += Self.spaces(indent + 1)
                item.write(to: &out, indent: indent + 1)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += Self.spaces(indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (index, key) in keys.enumerated() {
                out += Self.spaces(indent + 1)
                Self.writeString(key, to: &out)
                out += ": "
                members[key]!.write(to: &out, indent: indent + 1)
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += Self.spaces(indent) + "}"
        }
    }

    private static func spaces(_ level: Int) -> String { String(repeating: "  ", count: level) }

    /// The document on one line, keys sorted, no spaces, no newline: one JSON Lines record.
    public func line() -> String {
        var out = ""
        writeLine(to: &out)
        return out
    }

    private func writeLine(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .number(let text): out += text
        case .string(let text): Self.writeString(text, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.writeLine(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, to: &out)
                out += ":"
                members[key]?.writeLine(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                    || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
                {
                    let hex = String(value, radix: 16, uppercase: false)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
