import NIOHTTP1

extension HTTPHeaders {
    /// A field's value as HTTPTypes' `HTTPFields` reads it: each line without the spaces and tabs around
    /// it (HTTP's optional white space), all lines joined by `", "`, or `nil` when there is none. The
    /// handlers in front of Hummingbird read NIO's raw headers, and must decide as Hummingbird would on
    /// the same request (`Connection: close`, the credentials, the body's size): `close<TAB>` is a close.
    func combinedValue(_ name: String) -> String? {
        let values = self[name]
        switch values.count {
        case 0: return nil
        case 1: return Self.trimmed(values[0])
        default: return values.map(Self.trimmed).joined(separator: ", ")
        }
    }

    private static func trimmed(_ value: String) -> String {
        let isSpace = { (unit: UInt8) in unit == UInt8(ascii: " ") || unit == UInt8(ascii: "\t") }
        let units = value.utf8
        guard let first = units.first, let last = units.last, isSpace(first) || isSpace(last) else { return value }
        guard let start = units.firstIndex(where: { !isSpace($0) }), let end = units.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(value[start...end])
    }
}
