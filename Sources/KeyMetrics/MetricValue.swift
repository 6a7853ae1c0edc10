/// One metric's value as the API sends it: a whole number (`Long`) or a real number (`Double`).
/// "No data" is not a value: it is `nil` in ``MetricValues``, and JSON `null` on the wire.
public enum MetricValue: Sendable, Hashable, CustomStringConvertible {
    case long(Int64)
    case double(Double)

    public var doubleValue: Double {
        switch self {
        case .long(let value): Double(value)
        case .double(let value): value
        }
    }

    public var description: String {
        switch self {
        case .long(let value): String(value)
        case .double(let value): String(value)
        }
    }
}
