/// A request the API refuses as invalid (HTTP 400): which field was wrong and why, in words a person
/// can act on, including the valid values where there is a list of them.
public struct MetricsRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending field as a path: `filters.time.from`, `metricsToRetrieveByTime[2]`, `limit`.
    public var field: String?
    public var message: String

    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(field): \(message)" }
        return message
    }
}

extension String {
    /// Client text echoed into an error message: control characters replaced, length capped, so a
    /// hostile value can neither forge log lines nor flood a response.
    public var sanitizedForMessage: String {
        // The usual case, printable ASCII of at most 80 bytes, is itself (no per-scalar property look-ups:
        // every request's log line passes through here).
        if utf8.count <= 80, utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return self }
        var out = ""
        for scalar in unicodeScalars.prefix(80) {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                out.append("?")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return unicodeScalars.count > 80 ? out + "…" : out
    }
}
