/// The response bodies written straight to bytes, keys sorted and `/` unescaped: the same JSON as
/// Foundation's `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`, without its tree of
/// boxed values (encoding was a fifth of a request's time at the demo's size).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// The metrics of the last `metrics` object and the order their keys sort in: every group of a
    /// response has the same metrics, so the sort is done once per response, not once per group. Each
    /// step names an entry and its `"key":` bytes as a range of `keyBytes` (one array, so writing a
    /// group retains nothing per metric).
    private var sortedOrder: (metrics: [Metric], order: [(index: Int, keyStart: Int, keyEnd: Int)], keyBytes: [UInt8]) = ([], [], [])

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Names, ids and links rarely need an escape: then the bytes go in at once.
        let plain = text.utf8.withContiguousStorageIfAvailable { units in
            var plain = true
            for unit in units { plain = plain && unit >= 0x20 && unit != UInt8(ascii: "\"") && unit != UInt8(ascii: "\\") }
            if plain { bytes.append(contentsOf: units) }
            return plain
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for unit in text.utf8 {
            switch unit {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                raw("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(unit >> 4)])
                bytes.append(hex[Int(unit & 0xF)])
            default: bytes.append(unit)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer<T: BinaryInteger>(_ value: T) {
        guard let whole = Int64(exactly: value) else { return bytes.append(contentsOf: String(value).utf8) }
        if whole < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = whole.magnitude
        // At most 20 digits; written backwards into a fixed buffer, then appended in one go.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// As `JSONEncoder` writes a double: whole values without a fraction, others in Swift's shortest
    /// form. Not finite (never produced by the engine): `null`.
    mutating func number(_ value: Double) {
        guard value.isFinite else { return raw("null") }
        // Below 2^53 in magnitude the conversion is exact and in range: whole exactly when it converts back.
        if abs(value) < 9_007_199_254_740_992, Double(Int64(value)) == value {
            integer(Int64(value))
        } else if let (scaled, digits) = Self.shortDecimal(value) {
            // The engine's averages and ratios have 3 or 4 decimals: written from their digits, not through
            // `description` and a String.
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            var power: Int64 = 1
            for _ in 0..<digits { power *= 10 }
            integer(scaled / power)
            bytes.append(UInt8(ascii: "."))
            var fraction = scaled % power
            var divisor = power / 10
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
                fraction %= divisor
                divisor /= 10
            }
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    /// `|value|` as `scaled / 10^digits` with 1 to 4 digits after the point, when that decimal is the
    /// double's shortest form (Swift's `description`, which `JSONEncoder` writes): the fewest digits
    /// whose decimal parses back to exactly this double. Division of two exactly held integers is
    /// correctly rounded, so `scaled / 10^digits == |value|` is that parse. Below 10^9 a double's spacing
    /// is under 10^-4, so no other decimal of as many digits parses to it; from 0.001 up `description`
    /// writes no exponent.
    static func shortDecimal(_ value: Double) -> (scaled: Int64, digits: Int)? {
        let magnitude = abs(value)
        guard magnitude >= 0.001, magnitude < 1e9 else { return nil }
        var scale = 1.0
        for digits in 1...4 {
            scale *= 10
            let scaled = (magnitude * scale).rounded()
            if scaled / scale == magnitude { return (Int64(scaled), digits) }
        }
        return nil
    }

    mutating func key(_ name: StaticString, first: inout Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    /// Each metric's `"key":` bytes and its place in key order, made once: every metrics object of
    /// every response writes them.
    private static let keys: [Metric: (quoted: [UInt8], rank: Int)] = {
        let sorted = Metric.allCases.sorted { $0.responseKey < $1.responseKey }
        return Dictionary(uniqueKeysWithValues: sorted.enumerated().map { rank, metric in
            (metric, (Array("\"\(metric.responseKey)\":".utf8), rank))
        })
    }()

    mutating func metrics(_ values: MetricValues) {
        let entries = values.entries
        if sortedOrder.metrics.count != entries.count || !zip(sortedOrder.metrics, entries).allSatisfy({ $0 == $1.metric }) {
            sortOrder(entries.map(\.metric))
        }
        let (_, order, keyBytes) = sortedOrder
        bytes.append(UInt8(ascii: "{"))
        keyBytes.withUnsafeBufferPointer { keys in
            for (step, item) in order.enumerated() {
                if step > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: keys[item.keyStart..<item.keyEnd]))
                switch entries[item.index].value {
                case nil: raw("null")
                case .long(let whole)?: integer(whole)
                case .double(let real)?: number(real)
                }
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func sortOrder(_ metrics: [Metric]) {
        let keyed = metrics.indices.map { (index: $0, key: Self.keys[metrics[$0]] ?? (Array("\"\(metrics[$0].responseKey)\":".utf8), 0)) }
        var order: [(index: Int, keyStart: Int, keyEnd: Int)] = []
        var keyBytes: [UInt8] = []
        for (index, key) in keyed.sorted(by: { $0.key.rank < $1.key.rank }) {
            order.append((index, keyBytes.count, keyBytes.count + key.quoted.count))
            keyBytes += key.quoted
        }
        sortedOrder = (metrics, order, keyBytes)
    }

    mutating func link(_ link: MetricsResponse.Link) {
        raw("{\"href\":")
        string(link.href)
        raw(",\"rel\":")
        string(link.rel)
        bytes.append(UInt8(ascii: "}"))
    }

    /// `,"name":{link}` for each link present, in the order given (the caller's sorted order).
    mutating func links(_ links: [(name: StaticString, link: MetricsResponse.Link?)]) {
        for (name, value) in links {
            guard let value else { continue }
            raw(",\"")
            raw(name)
            raw("\":")
            link(value)
        }
    }

    mutating func groupBy(_ section: MetricsResponse.GroupBySection) {
        raw("{\"groupByField\":")
        string(section.groupByField)
        raw(",\"groups\":[")
        for (index, group) in section.groups.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            raw("{\"key\":")
            string(group.key)
            raw(",\"keyDescription\":")
            string(group.keyDescription)
            raw(",\"metrics\":")
            metrics(group.metrics)
            bytes.append(UInt8(ascii: "}"))
        }
        raw("]}")
    }

    mutating func all(_ section: MetricsResponse.AllSection) {
        raw("{\"metrics\":")
        metrics(section.metrics)
        bytes.append(UInt8(ascii: "}"))
    }
}

extension MetricsResponse {
    /// This response as JSON bytes (see ``JSONWriter``).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 256 + (groupBy?.groups.count ?? 0) * 400)
        var first = true
        writer.raw("{")
        if let all {
            writer.key("all", first: &first)
            writer.all(all)
        }
        if let groupBy {
            writer.key("groupBy", first: &first)
            writer.groupBy(groupBy)
        }
        writer.key("metadata", first: &first)
        writer.raw("{\"count\":")
        writer.integer(metadata.count)
        writer.links([("first", metadata.first), ("last", metadata.last), ("next", metadata.next), ("prev", metadata.prev), ("self", metadata.selfLink)])
        writer.raw("}}")
        return writer.bytes
    }
}

extension HistoricalResponse {
    /// This response as JSON bytes (see ``JSONWriter``).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 256 + series.count * 512)
        writer.raw("{\"metadata\":{\"count\":")
        writer.integer(metadata.count)
        writer.links([("first", metadata.first)])
        writer.raw(",\"interval\":")
        writer.integer(metadata.interval)
        writer.links([("last", metadata.last), ("next", metadata.next), ("prev", metadata.prev), ("self", metadata.selfLink)])
        writer.raw("},\"series\":[")
        for (index, point) in series.enumerated() {
            if index > 0 { writer.raw(",") }
            var first = true
            writer.raw("{")
            if let all = point.all {
                writer.key("all", first: &first)
                writer.all(all)
            }
            writer.key("from", first: &first)
            writer.integer(point.from)
            if let groupBy = point.groupBy {
                writer.key("groupBy", first: &first)
                writer.groupBy(groupBy)
            }
            writer.key("to", first: &first)
            writer.integer(point.to)
            writer.raw("}")
        }
        writer.raw("]}")
        return writer.bytes
    }
}
