import Foundation
import Hummingbird

/// The one place responses are encoded, so every JSON answer has the same encoder settings and
/// `Content-Type`: keys sorted (Foundation on Linux keeps no declaration order, and a stable body is
/// diffable and cacheable), and `/` left unescaped so the links' hrefs read like the seed's.
enum JSONResponse {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A body already written as JSON bytes (the hot responses: ``MetricsResponse/jsonBytes``).
    static func make(status: HTTPResponse.Status, bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Encodes `value`; if that ever fails, answers a plain 500 body rather than throwing from an error path.
    static func make(status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let (status, bytes) = encoded(status: status, value)
        return make(status: status, bytes: bytes)
    }

    /// The status and bytes of `value`'s JSON, or a plain 500 body if encoding ever fails.
    static func encoded(status: HTTPResponse.Status, _ value: some Encodable) -> (HTTPResponse.Status, [UInt8]) {
        do {
            return (status, Array(try encoder().encode(value)))
        } catch {
            return (.internalServerError, Array(#"{"error":"internal_error","message":"internal server error"}"#.utf8))
        }
    }
}
