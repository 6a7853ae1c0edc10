/// Durations as people type them on a command line: `90s`, `10m`, `1h30m`, `500ms`, `2d`; a bare
/// number means seconds. Parsed to milliseconds.
public enum DurationText {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var description: String {
            "'\(text)' is not a duration; use a number with a unit, like 90s, 10m, 1h30m or 500ms"
        }
    }

    private static let units: [(suffix: String, millis: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Milliseconds for `text`; at least one part, each a whole number followed by a unit.
    public static func milliseconds(_ text: String) throws(ParseError) -> Int64 {
        let trimmed = text.trimmingWhitespace
        if let seconds = Int64(trimmed), seconds >= 0 {
            let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            guard !overflow else { throw ParseError(text: text) }
            return product
        }
        var rest = Substring(trimmed)
        var total: Int64 = 0
        guard !rest.isEmpty else { throw ParseError(text: text) }
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let number = Int64(digits) else { throw ParseError(text: text) }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix(while: { $0.isLetter })
            // Longest suffix first, so "ms" is not read as "m" followed by junk.
            guard let unit = units.first(where: { $0.suffix == letters }) else { throw ParseError(text: text) }
            rest = rest.dropFirst(letters.count)
            let (part, overflowA) = number.multipliedReportingOverflow(by: unit.millis)
            let (sum, overflowB) = total.addingReportingOverflow(part)
            guard !overflowA, !overflowB else { throw ParseError(text: text) }
            total = sum
        }
        return total
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
