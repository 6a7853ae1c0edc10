import Foundation
import KeyMetrics

/// What an answer's status means for the caller: the API documents no error body, so the server's
/// ``ErrorBody`` is used when it is there (the reference server always sends one) and a short, clean
/// excerpt otherwise. Everything taken from the body goes through ``Excerpt``.
struct ErrorMapping: Sendable {
    let excerpt: Excerpt
    let account: String

    /// The error for a non-2xx status (429 is handled by the retry loop before it gets here).
    /// - Parameters:
    ///   - kind: the credential the request carried; `nil` when it carried none.
    ///   - what: the resource, for 404 ("the metrics path", "the domain look-up").
    func error(for answer: HTTPAnswer, kind: CredentialKind?, what: String) -> ClientError {
        let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(answer.body))
        let message = body.map { excerpt.clean($0.message, limit: 200) }
        let fallback = answer.body.isEmpty ? nil : excerpt.clean(bytes: answer.body)
        switch answer.status {
        case 400:
            return .invalidRequest(
                field: body?.field.map { excerpt.clean($0, limit: 80) }, message: message ?? fallback ?? "the server gave no reason")
        case 401, 403:
            guard let kind else {
                return .configuration(
                    "the server requires credentials (HTTP \(answer.status)) but none are configured for account \(account)")
            }
            return .unauthorized(kind: kind, status: answer.status, message: message)
        case 404:
            return .notFound(what: message ?? "\(what) for account \(account) (the account or the path is unknown)")
        case 429:
            return .rateLimited(retryAfterSeconds: RetryPolicy.parseRetryAfter(answer.retryAfter))
        default:
            return .server(status: answer.status, message: message ?? fallback)
        }
    }

    /// Decodes a 2xx body, or says it is not the JSON expected.
    func decode<T: Decodable>(_ type: T.Type, from answer: HTTPAnswer, what: String) throws(ClientError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(answer.body))
        } catch {
            let reason: String
            if answer.body.isEmpty {
                reason = "\(what) answered with an empty body"
            } else if (try? JSONSerialization.jsonObject(with: Data(answer.body), options: [.fragmentsAllowed])) == nil {
                reason = "\(what) answered with something that is not JSON"
            } else {
                reason = "\(what) answered with JSON of another shape (\(Self.describe(error)))"
            }
            throw .badResponse(reason: reason, excerpt: excerpt.clean(bytes: answer.body))
        }
    }

    /// Where decoding failed, by field path, without values.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "undecodable" }
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing \(parent == "the top level" ? "" : parent + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(path(context))"
        case .dataCorrupted(let context): return "bad value at \(path(context))"
        @unknown default: return "undecodable"
        }
    }
}
