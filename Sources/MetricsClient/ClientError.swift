import KeyMetrics

/// Which kind of credential a request carried, so an auth failure can say which one to check.
public enum CredentialKind: String, Sendable, Hashable, CaseIterable {
    case bearer
    case oauth1
    case oauth2
}

/// Everything that can go wrong talking to the API, worded for a person. Never carries a secret.
public indirect enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad or missing configuration (no account, an http URL that is not loopback, a secret file readable by others…).
    case configuration(String)
    case cannotResolve(host: String)
    case cannotConnect(host: String, reason: String)
    case tls(host: String, reason: String)
    /// `phase` is "connect" or "response".
    case timeout(host: String, phase: String, seconds: Double)
    /// 401 or 403.
    case unauthorized(kind: CredentialKind, status: Int, message: String?)
    /// 404: `what` says whether the account or the path was not found.
    case notFound(what: String)
    /// 429 still after the retries the budget allowed.
    case rateLimited(retryAfterSeconds: Double?)
    /// The client's own budget allows no request before this many seconds (only when asked not to wait).
    case budgetSpent(retryAfterSeconds: Double)
    /// 5xx, or another status the API does not document.
    case server(status: Int, message: String?)
    /// A body that is not the API's JSON; `excerpt` is short and sanitised.
    case badResponse(reason: String, excerpt: String)
    /// The request was refused as invalid (400), with the server's field and message.
    case invalidRequest(field: String?, message: String)
    /// One page of a snapshot failed: which, and why. The snapshot as a whole fails with it.
    case page(offset: Int, underlying: ClientError)
    /// The caller cancelled the snapshot (the poller stopped, the program is quitting).
    case cancelled

    /// The family of a failure; `kmmtop snapshot` maps each to its own exit status.
    public enum Category: String, Sendable {
        case usage
        case auth
        case network
        case server
    }

    public var category: Category {
        switch self {
        case .configuration, .invalidRequest: .usage
        case .unauthorized: .auth
        case .cannotResolve, .cannotConnect, .tls, .timeout, .cancelled: .network
        case .notFound, .rateLimited, .budgetSpent, .server, .badResponse: .server
        case .page(_, let underlying): underlying.category
        }
    }

    public var description: String {
        switch self {
        case .configuration(let message): return message
        case .cannotResolve(let host): return "cannot resolve \(host)"
        case .cannotConnect(let host, let reason): return "cannot connect to \(host): \(reason)"
        case .tls(let host, let reason): return "TLS with \(host) failed: \(reason)"
        case .timeout(let host, let phase, let seconds):
            return "\(host) did not \(phase == "connect" ? "accept the connection" : "answer") within \(Self.format(seconds)) s"
        case .unauthorized(let kind, let status, let message):
            let what = status == 403 ? "refused access (403)" : "rejected the credentials (401)"
            return "the server \(what); check the \(kind.rawValue) credentials\(message.map { ": \($0)" } ?? "")"
        case .notFound(let what): return "not found: \(what)"
        case .rateLimited(let after):
            return "rate limited by the server (429)\(after.map { "; it asks to retry after \(Self.format($0)) s" } ?? "")"
        case .budgetSpent(let after): return "the request budget is spent for this minute; a request may start in \(Self.format(after)) s"
        case .server(let status, let message): return "server error \(status)\(message.map { ": \($0)" } ?? "")"
        case .badResponse(let reason, let excerpt): return "unexpected response: \(reason)\(excerpt.isEmpty ? "" : " (\(excerpt))")"
        case .invalidRequest(let field, let message): return "request refused: \(field.map { "\($0): " } ?? "")\(message)"
        case .page(let offset, let underlying): return "page at offset \(offset) failed: \(underlying)"
        case .cancelled: return "cancelled"
        }
    }

    private static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e9 else { return String(format: "%.0f", seconds) }
        return seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
