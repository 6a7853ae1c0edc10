import Hummingbird
import KeyMetrics

/// The `version=1.0` (domain look-up) and `v=1.0` (sentinel) query parameters: optional, and when
/// given they must say 1.0, as the OpenAPI document's `const` does; anything else is a 400 naming it.
enum APIVersion {
    static let supported = "1.0"

    static func check(_ request: Request, parameter: String) throws {
        guard let value = request.uri.queryParameters[Substring(parameter)], value != Substring(supported) else { return }
        throw APIError.invalid(MetricsRequestError(
            field: parameter, message: "\(parameter) must be \(supported), got '\(String(value).sanitizedForMessage)'"))
    }
}
