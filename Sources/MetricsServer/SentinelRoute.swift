import Foundation
import Hummingbird
import NIOCore
import OAuth1

/// `POST /sentinel/api/account/{accountId}/app/token?v=1.0&grant_type=client_credentials`: the slice of
/// LivePerson's authorization service (CSDS name `sentinel`) that issues OAuth 2.0 client-credentials
/// access tokens. The client id and secret come in an `application/x-www-form-urlencoded` body (or as
/// HTTP Basic credentials, RFC 6749 §2.3.1) — never in the URL, which is refused. The answer is
/// `{"access_token": …, "token_type": "Bearer", "expires_in": seconds}`; the token is then good as a
/// bearer token on the metrics route until it expires. No secret is echoed or logged.
struct SentinelRoute: Sendable {
    static let path = "/sentinel/api/account/:accountId/app/token"
    /// The only grant this route speaks.
    static let grantType = "client_credentials"
    /// Client id and secret are a few dozen bytes; anything much larger is not a token request.
    static let maxBodyBytes = 8 * 1024

    let accountId: String
    let authenticator: Authenticator

    struct Answer: Encodable {
        var access_token: String
        var token_type: String
        var expires_in: Int
    }

    func handle(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let requested = context.parameters.get("accountId") ?? ""
        guard requested == accountId else { throw APIError.unknownAccount(requested) }
        try APIVersion.check(request, parameter: "v")

        let query = OAuth1.formParameters(request.uri.query ?? "")
        if query.contains(where: { $0.0 == "client_secret" }) {
            throw Self.error(.badRequest, "invalid_request", "client_secret belongs in the form body, never in the URL")
        }
        let body = try await formBody(request)
        // grant_type may come in the query (as LivePerson documents it) or the body (as RFC 6749 does).
        let grants = Set((query + body).filter { $0.0 == "grant_type" }.map(\.1))
        guard let grant = grants.first else {
            throw Self.error(.badRequest, "invalid_request", "grant_type is required; use grant_type=client_credentials")
        }
        guard grants.count == 1, grant == Self.grantType else {
            throw Self.error(.badRequest, "unsupported_grant_type", "only grant_type=client_credentials is supported")
        }

        let basic = Self.basicCredentials(request.headers[.authorization])
        let id = basic?.id ?? Self.single("client_id", in: body)
        let secret = basic?.secret ?? Self.single("client_secret", in: body)
        guard let id, let secret, !id.isEmpty, !secret.isEmpty else {
            throw Self.invalidClient("client_id and client_secret are required in the form body")
        }
        guard let clientIndex = authenticator.client(id: id, secret: secret) else {
            throw Self.invalidClient("unknown client or wrong client secret")
        }
        let token = authenticator.issueToken(clientIndex: clientIndex)
        var response = JSONResponse.make(
            status: .ok, Answer(access_token: token, token_type: "Bearer", expires_in: authenticator.tokenTTLSeconds))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The form body's parameters; the body must be `application/x-www-form-urlencoded` (or empty when
    /// everything came in the query and a Basic header).
    private func formBody(_ request: Request) async throws -> [(String, String)] {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > Self.maxBodyBytes {
            throw APIError.payloadTooLarge(limit: Self.maxBodyBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(limit: Self.maxBodyBytes)
        }
        if buffer.readableBytes == 0 { return [] }
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else {
            throw Self.error(.badRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
        }
        return OAuth1.formParameters(String(buffer: buffer))
    }

    /// A parameter's one value; `nil` when missing or repeated (RFC 6749 §3.2: no repeats).
    private static func single(_ name: String, in parameters: [(String, String)]) -> String? {
        let values = parameters.filter { $0.0 == name }
        return values.count == 1 ? values[0].1 : nil
    }

    /// `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1), if sent.
    static func basicCredentials(_ header: String?) -> (id: String, secret: String)? {
        guard let header else { return nil }
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.count > 6, trimmed.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = trimmed.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return (OAuth1.percentDecode(text[..<colon], plusIsSpace: true),
                OAuth1.percentDecode(text[text.index(after: colon)...], plusIsSpace: true))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> APIError {
        var error = APIError(status, code, message)
        error.headers[.cacheControl] = "no-store"
        return error
    }

    static func invalidClient(_ message: String) -> APIError {
        var error = Self.error(.unauthorized, "invalid_client", message)
        error.headers[.wwwAuthenticate] = #"Basic realm="sentinel""#
        return error
    }
}
