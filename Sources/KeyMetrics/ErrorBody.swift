/// The JSON body of every error response: `{"error": "invalid_request", "message": "…", "field": "limit"}`.
/// `error` is a stable machine code; `message` is for a person; `field` names the input at fault, if any.
public struct ErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var message: String
    public var field: String?

    public init(error: String, message: String, field: String? = nil) {
        self.error = error
        self.message = message
        self.field = field
    }
}
