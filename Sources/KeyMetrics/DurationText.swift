/// Durations both ways, in one place: parsed as people type them on a command line or in a
/// configuration file (`90s`, `10m`, `1h30m`, `500ms`, `2d`; a bare number means seconds), and
/// written as people read them on the board (`58s`, `1m02s`, `1h05m`, `2d03h`).
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

extension DurationText {
    /// How finely a duration is written.
    public enum Precision: Int, Sendable, Comparable, CaseIterable {
        /// Two units at most, the smaller zero-padded: `58s`, `1m02s`, `1h05m`, `2d03h` (the board's).
        case twoUnits
        /// Down to the second whatever the size: `1h05m20s`, `2d03h00m07s`.
        case seconds
        /// Tenths of a second: `5m00.4s`.
        case tenths
        /// Milliseconds: `5m00.004s`.
        case millis

        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The smallest step this precision shows for a duration of `millis`, in milliseconds.
        public func step(for millis: Double) -> Double {
            switch self {
            case .twoUnits: millis < 3_599_500 ? 1000 : millis < 86_370_000 ? 60_000 : 3_600_000
            case .seconds: 1000
            case .tenths: 100
            case .millis: 1
            }
        }
    }

    /// The longest duration written in full; longer ones read `>999d`.
    public static let maximumMillis: Double = 999 * 86_400_000

    /// `milliseconds` as people read it, rounded to the precision's step with `rule`. Never traps:
    /// negative durations get a `-`, absurd ones an overflow form (`>999d`), non-finite ones `nil`.
    public static func format(
        milliseconds: Double, precision: Precision = .twoUnits, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero
    ) -> String? {
        guard milliseconds.isFinite else { return nil }
        if milliseconds < 0 {
            let mirrored: FloatingPointRoundingRule = rule == .up ? .down : rule == .down ? .up : rule
            guard let text = format(milliseconds: -milliseconds, precision: precision, rounding: mirrored) else { return nil }
            return text == "0s" ? text : "-" + text
        }
        let step = precision.step(for: milliseconds)
        let rounded = (milliseconds / step).rounded(rule) * step
        guard rounded <= maximumMillis else { return ">999d" }
        let total = Int64(rounded)  // in range: at most 999 days of milliseconds
        let seconds = total / 1000, fraction = total % 1000
        func two(_ number: Int64) -> String { number < 10 ? "0\(number)" : String(number) }
        let (days, hours, minutes, secs) = (seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60)
        var text: String
        switch precision {
        case .twoUnits:
            switch seconds {
            case ..<60: return "\(seconds)s"
            case ..<3600: return "\(minutes)m\(two(secs))s"
            case ..<86_400: return "\(hours)h\(two(minutes))m"
            default: return "\(days)d\(two(hours))h"
            }
        case .seconds, .tenths, .millis:
            if days > 0 {
                text = "\(days)d\(two(hours))h\(two(minutes))m\(two(secs))"
            } else if hours > 0 {
                text = "\(hours)h\(two(minutes))m\(two(secs))"
            } else if minutes > 0 {
                text = "\(minutes)m\(two(secs))"
            } else {
                text = "\(secs)"
            }
        }
        switch precision {
        case .tenths: text += ".\(fraction / 100)"
        case .millis: text += "." + String(String(fraction + 1000).dropFirst())
        default: break
        }
        return text + "s"
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
