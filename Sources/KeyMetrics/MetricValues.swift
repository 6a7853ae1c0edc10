/// The `metrics` object of a group or of `all`: an ordered map from metric to value, where a value of
/// `nil` means the metric was asked for but has no data (sent as JSON `null`).
///
/// Decoding ignores keys it does not know, as newer API versions add metrics; a known key with a value
/// of the wrong type is an error naming that key.
public struct MetricValues: Sendable, Hashable, Codable, Sequence {
    public private(set) var entries: [(metric: Metric, value: MetricValue?)]

    public init(_ entries: [(metric: Metric, value: MetricValue?)] = []) {
        self.entries = entries
    }

    /// The value of `metric`; `nil` both when absent and when present without data (see ``contains(_:)``).
    public subscript(metric: Metric) -> MetricValue? {
        get { entries.first { $0.metric == metric }?.value ?? nil }
        set {
            if let index = entries.firstIndex(where: { $0.metric == metric }) {
                entries[index].value = newValue
            } else {
                entries.append((metric, newValue))
            }
        }
    }

    public func contains(_ metric: Metric) -> Bool { entries.contains { $0.metric == metric } }
    public var metrics: [Metric] { entries.map(\.metric) }
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[(metric: Metric, value: MetricValue?)]> {
        entries.makeIterator()
    }

    public static func == (lhs: MetricValues, rhs: MetricValues) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.metric == $1.metric && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.metric)
            hasher.combine(entry.value)
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var entries: [(metric: Metric, value: MetricValue?)] = []
        // Catalog order, so that two decodes of the same object compare equal whatever the key order.
        let present = Set(container.allKeys.map(\.stringValue))
        for metric in Metric.allCases where present.contains(metric.responseKey) {
            let key = Key(stringValue: metric.responseKey)
            if try container.decodeNil(forKey: key) {
                entries.append((metric, nil))
                continue
            }
            switch metric.valueType {
            case .long:
                if let whole = try? container.decode(Int64.self, forKey: key) {
                    entries.append((metric, .long(whole)))
                } else {
                    let real = try container.decode(Double.self, forKey: key)
                    guard real.isFinite, real == real.rounded() else {
                        throw DecodingError.dataCorruptedError(
                            forKey: key, in: container, debugDescription: "\(metric.responseKey) must be a whole number")
                    }
                    // A whole number past Int64 (2^63, 1e300) is kept as the real number it is, so one
                    // absurd count shows as such (`9.2E`) instead of failing the whole response.
                    entries.append((metric, abs(real) < 9e18 ? .long(Int64(real)) : .double(real)))
                }
            case .double:
                entries.append((metric, .double(try container.decode(Double.self, forKey: key))))
            }
        }
        self.entries = entries
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (metric, value) in entries {
            let key = Key(stringValue: metric.responseKey)
            switch value {
            case .none: try container.encodeNil(forKey: key)
            case .long(let number): try container.encode(number, forKey: key)
            case .double(let number): try container.encode(number, forKey: key)
            }
        }
    }
}
