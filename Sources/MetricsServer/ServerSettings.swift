/// Everything `kmmtop serve` decides before the server starts, as one value so tests can build a
/// server exactly like the command line does.
public struct ServerSettings: Sendable, Hashable {
    /// How requests to the metrics route prove who they are.
    public enum Auth: Sendable, Hashable {
        /// Every request is the one `anonymous` credential (the demo's `--no-auth`).
        case none
        /// `Authorization: Bearer <token>` with one of these tokens.
        case bearer(tokens: [String])
    }

    /// The address to bind; loopback by default so a demo never listens on the network by accident.
    public var host: String
    /// The port to bind; 0 lets the system pick one (learn it from ``MetricsServer/onRunning``).
    public var port: Int
    /// The scheme, host and port clients reach us at (`https://metrics.example.com`), for absolute
    /// paging links and the domain look-up route; `nil` means `http://host:boundPort`.
    public var publicBaseURL: String?
    public var auth: Auth
    /// Requests one credential may have in flight at once.
    public var maxConcurrent: Int
    /// Requests one credential may start in any sliding 60-second window.
    public var requestsPerMinute: Int
    /// The largest request body accepted (the seed's bodies are a few hundred bytes).
    public var maxBodyBytes: Int

    public static let defaultMaxConcurrent = 8
    public static let defaultRequestsPerMinute = 300
    public static let defaultMaxBodyBytes = 64 * 1024

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicBaseURL: String? = nil, auth: Auth = .none,
        maxConcurrent: Int = ServerSettings.defaultMaxConcurrent,
        requestsPerMinute: Int = ServerSettings.defaultRequestsPerMinute,
        maxBodyBytes: Int = ServerSettings.defaultMaxBodyBytes
    ) {
        self.host = host
        self.port = port
        self.publicBaseURL = publicBaseURL
        self.auth = auth
        self.maxConcurrent = maxConcurrent
        self.requestsPerMinute = requestsPerMinute
        self.maxBodyBytes = maxBodyBytes
    }
}

extension ServerSettings.Auth: CustomStringConvertible {
    /// Safe to log: says how many tokens there are, never what they are.
    public var description: String {
        switch self {
        case .none: "none"
        case .bearer(let tokens): "bearer (\(tokens.count) token\(tokens.count == 1 ? "" : "s"))"
        }
    }
}
