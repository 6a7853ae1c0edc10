/// A name from the network as the board prints it: sanitised (``TextSanitizer``), and on an ASCII-only
/// terminal with every character outside ASCII escaped (`\u30AB`), so a name is never lost to `?` and
/// never shifts a column.
public enum DisplayName {
    public static func of(_ name: String, charset: DashboardState.Charset) -> String {
        let clean = TextSanitizer.sanitize(name)
        guard charset == .ascii, !clean.unicodeScalars.allSatisfy(\.isASCII) else { return clean }
        var out = ""
        for scalar in clean.unicodeScalars {
            if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value > 0xFFFF ? "\\U" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
                    : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
        }
        return out
    }
}
