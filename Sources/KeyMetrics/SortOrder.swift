/// The `sort` URL parameter: `key:asc` (the default) or `<sortable metric>:asc|desc`.
///
/// ```swift
/// try SortOrder(parsing: "closedConversations:desc")  // .metric(.closedConversations), .desc
/// SortOrder.default.description                         // "key:asc"
/// ```
public struct SortOrder: Sendable, Hashable, CustomStringConvertible {
    public enum Field: Sendable, Hashable {
        case key
        case metric(Metric)
    }

    public var field: Field
    public var direction: SortDirection

    public init(field: Field, direction: SortDirection) {
        self.field = field
        self.direction = direction
    }

    public static let `default` = SortOrder(field: .key, direction: .asc)

    /// Parses `field[:direction]`; a missing direction means ascending. `keyName` is what the route
    /// calls its group key (`key`; the agent view says `agentId`).
    public init(parsing text: String, keyName: String = "key") throws(MetricsRequestError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let name = parts.first, !name.isEmpty else {
            throw MetricsRequestError(field: "sort", message: "sort must look like 'metric:asc' or 'metric:desc', got '\(text.sanitizedForMessage)'")
        }
        let direction: SortDirection
        if parts.count == 2 {
            guard let parsed = SortDirection(rawValue: parts[1]) else {
                throw MetricsRequestError(field: "sort", message: "unknown sort order '\(parts[1].sanitizedForMessage)'; valid values: asc, desc")
            }
            direction = parsed
        } else {
            direction = .asc
        }
        if name == keyName {
            self.init(field: .key, direction: direction)
        } else if let metric = Metric(responseKey: name), metric.isSortable {
            self.init(field: .metric(metric), direction: direction)
        } else {
            let valid = ([keyName] + Metric.sortable.map(\.responseKey)).joined(separator: ", ")
            throw MetricsRequestError(field: "sort", message: "unknown sort key '\(name.sanitizedForMessage)'; valid values: \(valid)")
        }
    }

    public var description: String { description(keyName: "key") }

    /// The order as the URL parameter spells it on a route whose key is called `keyName`.
    public func description(keyName: String) -> String {
        switch field {
        case .key: "\(keyName):\(direction.rawValue)"
        case .metric(let metric): "\(metric.responseKey):\(direction.rawValue)"
        }
    }
}
