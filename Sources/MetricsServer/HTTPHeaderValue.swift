import NIOHTTP1

extension HTTPHeaders {
    /// A field's value as HTTPTypes' `HTTPFields` reads it: all its lines joined by `", "`, or `nil` when
    /// there is none. The handlers in front of Hummingbird read NIO's raw headers, and must decide as
    /// Hummingbird would on the same request (`Connection: close`, the credentials, the body's size).
    func combinedValue(_ name: String) -> String? {
        let values = self[name]
        switch values.count {
        case 0: return nil
        case 1: return values[0]
        default: return values.joined(separator: ", ")
        }
    }
}
