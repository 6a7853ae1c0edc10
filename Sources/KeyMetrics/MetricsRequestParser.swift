/// Reads a request body in the form every client sends (the known keys once each, plain ASCII strings,
/// whole-number times) straight from its bytes; `nil` for anything else, which Foundation's
/// `JSONDecoder` then decodes, or explains in its own words. So a body this parser takes gives exactly
/// the value `JSONDecoder` would, and every error still comes from `JSONDecoder`; the decoder's tree of
/// boxed values was a ninth of a request's time at the demo's size.
///
/// What sends a body to `JSONDecoder`: a key it does not know or sees twice, a string with an escape,
/// a control character or a non-ASCII byte, a number that is not a plain integer within `Int64`, a value
/// of the wrong type, any syntax error, anything after the object.
public struct MetricsRequestParser {
    private let bytes: UnsafeRawBufferPointer
    private var at = 0

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> MetricsRequest? {
        var parser = MetricsRequestParser(bytes: bytes)
        guard let request = parser.request() else { return nil }
        parser.skipSpace()
        return parser.at == bytes.count ? request : nil
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private mutating func request() -> MetricsRequest? {
        var request = MetricsRequest(filters: nil)
        var seen: UInt8 = 0
        let complete = object { key, parser in
            switch key {
            case "filters":
                guard Self.once(&seen, 0) else { return false }
                guard let value = parser.optional({ $0.filters() }) else { return false }
                request.filters = value
            case "metricsToRetrieveByTime":
                guard Self.once(&seen, 1) else { return false }
                guard let value = parser.optional({ $0.strings() }) else { return false }
                request.metricsToRetrieveByTime = value
            case "metricsToRetrieveCurrentValue":
                guard Self.once(&seen, 2) else { return false }
                guard let value = parser.optional({ $0.strings() }) else { return false }
                request.metricsToRetrieveCurrentValue = value
            case "responseSections":
                guard Self.once(&seen, 3) else { return false }
                guard let value = parser.optional({ $0.strings() }) else { return false }
                request.responseSections = value
            case "groupBy":
                guard Self.once(&seen, 4) else { return false }
                guard let value = parser.optional({ $0.string() }) else { return false }
                request.groupBy = value
            default:
                return false
            }
            return true
        }
        return complete ? request : nil
    }

    private mutating func filters() -> MetricsRequest.Filters? {
        var filters = MetricsRequest.Filters(time: nil)
        var seen: UInt8 = 0
        let complete = object { key, parser in
            switch key {
            case "time":
                guard Self.once(&seen, 0) else { return false }
                guard let value = parser.optional({ $0.timeRange() }) else { return false }
                filters.time = value
            case "agentIds":
                guard Self.once(&seen, 1) else { return false }
                guard let value = parser.optional({ $0.strings() }) else { return false }
                filters.agentIds = value
            case "agentGroupIds":
                guard Self.once(&seen, 2) else { return false }
                guard let value = parser.optional({ $0.strings() }) else { return false }
                filters.agentGroupIds = value
            case "skillIds":
                guard Self.once(&seen, 3) else { return false }
                guard let value = parser.optional({ $0.strings() }) else { return false }
                filters.skillIds = value
            case "userTypes":
                guard Self.once(&seen, 4) else { return false }
                guard let value = parser.optional({ $0.strings() }) else { return false }
                filters.userTypes = value
            case "includeSubGroups":
                guard Self.once(&seen, 5) else { return false }
                guard let value = parser.optional({ $0.boolean() }) else { return false }
                filters.includeSubGroups = value
            default:
                return false
            }
            return true
        }
        return complete ? filters : nil
    }

    private mutating func timeRange() -> MetricsRequest.TimeRange? {
        var range = MetricsRequest.TimeRange(from: nil, to: nil)
        var seen: UInt8 = 0
        let complete = object { key, parser in
            switch key {
            case "from":
                guard Self.once(&seen, 0) else { return false }
                guard let value = parser.optional({ $0.integer() }) else { return false }
                range.from = value
            case "to":
                guard Self.once(&seen, 1) else { return false }
                guard let value = parser.optional({ $0.integer() }) else { return false }
                range.to = value
            default:
                return false
            }
            return true
        }
        return complete ? range : nil
    }

    // MARK: - JSON pieces

    /// `null` as `.some(nil)`, a value as `.some(value)`, anything unreadable as `nil`.
    private mutating func optional<T>(_ value: (inout MetricsRequestParser) -> T?) -> T?? {
        skipSpace()
        if literal("null") { return .some(nil) }
        guard let result = value(&self) else { return nil }
        return .some(result)
    }

    /// `{ "key": value, … }`, each member handed to `member`, which reads the value and says whether it
    /// could.
    private mutating func object(_ member: (Key, inout MetricsRequestParser) -> Bool) -> Bool {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipSpace()
            guard let key = rawString() else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")), member(key, &self) else { return false }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}"))
        }
    }

    private mutating func strings() -> [String]? {
        skipSpace()
        guard take(UInt8(ascii: "[")) else { return nil }
        var result: [String] = []
        skipSpace()
        if take(UInt8(ascii: "]")) { return result }
        while true {
            skipSpace()
            guard let item = string() else { return nil }
            result.append(item)
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "]")) ? result : nil
        }
    }

    /// A string of printable ASCII with no escapes.
    private mutating func string() -> String? {
        rawString().map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// An object's key, compared with the names it may be without becoming a `String`.
    private struct Key {
        let bytes: UnsafeRawBufferPointer

        static func ~= (name: StaticString, key: Key) -> Bool {
            name.withUTF8Buffer { expected in
                expected.count == key.bytes.count && zip(expected, key.bytes).allSatisfy { $0 == $1 }
            }
        }
    }

    /// The bytes of a string of printable ASCII with no escapes, between its quotes.
    private mutating func rawString() -> Key? {
        skipSpace()
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = at
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                let key = Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<at]))
                at += 1
                return key
            }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            at += 1
        }
        return nil
    }

    /// `-?(0|[1-9][0-9]*)` within `Int64`, not followed by a fraction or an exponent.
    private mutating func integer() -> Int64? {
        skipSpace()
        let negative = take(UInt8(ascii: "-"))
        let start = at
        var magnitude: UInt64 = 0
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
            let (times, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(UInt64(bytes[at] - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return nil }
            magnitude = sum
            at += 1
        }
        let digits = at - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") || bytes[at] | 0x20 == UInt8(ascii: "e") { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    private mutating func boolean() -> Bool? {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[at + $0] == expected[$0] }
        }
        // `nullx` or `true1` is not the literal.
        guard matches else { return false }
        if at + count < bytes.count, Self.isWordByte(bytes[at + count]) { return false }
        at += count
        return true
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// Marks key number `bit` of an object as seen; `false` if it was already (a duplicate key).
    private static func once(_ seen: inout UInt8, _ bit: UInt8) -> Bool {
        defer { seen |= 1 << bit }
        return seen & (1 << bit) == 0
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    private mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x0A, 0x0D, 0x09: at += 1
            default: return
            }
        }
    }
}
