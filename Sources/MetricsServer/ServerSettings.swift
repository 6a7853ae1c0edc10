/// Everything `kmmtop serve` decides before the server starts, as one value so tests can build a
/// server exactly like the command line does.
public struct ServerSettings: Sendable, Hashable {
    /// How requests to the metrics route prove who they are.
    public enum Auth: Sendable, Hashable {
        /// Every request is the one `anonymous` credential (the demo's `--no-auth`).
        case none
        /// Any of these credentials: bearer tokens, OAuth 1.0a app keys (signed requests) and OAuth 2.0
        /// clients (whose tokens from the sentinel route are then accepted as bearer tokens).
        case credentials(AcceptedCredentials)

        /// `Authorization: Bearer <token>` with one of these tokens (and nothing else).
        public static func bearer(tokens: [String]) -> Auth {
            .credentials(AcceptedCredentials(bearerTokens: tokens))
        }

        /// The accepted credentials (empty for ``none``).
        public var accepted: AcceptedCredentials {
            switch self {
            case .none: AcceptedCredentials()
            case .credentials(let accepted): accepted
            }
        }
    }

    /// The credentials a server with authentication accepts. Its description counts them and never
    /// shows a secret.
    public struct AcceptedCredentials: Sendable, Hashable {
        /// Static bearer tokens (`--tokens-file`, `KMMTOP_SERVE_TOKENS`).
        public var bearerTokens: [String]
        /// OAuth 1.0a app keys (`--oauth1-keys-file`).
        public var oauth1Keys: [OAuth1AppKey]
        /// OAuth 2.0 client-credentials clients (`--oauth2-clients-file`).
        public var oauth2Clients: [OAuth2Client]
        /// How long an access token from the sentinel route stays valid (`--oauth2-token-ttl`).
        public var oauth2TokenTTLSeconds: Int

        public static let defaultOAuth2TokenTTLSeconds = 3600

        public init(
            bearerTokens: [String] = [], oauth1Keys: [OAuth1AppKey] = [], oauth2Clients: [OAuth2Client] = [],
            oauth2TokenTTLSeconds: Int = AcceptedCredentials.defaultOAuth2TokenTTLSeconds
        ) {
            self.bearerTokens = bearerTokens
            self.oauth1Keys = oauth1Keys
            self.oauth2Clients = oauth2Clients
            self.oauth2TokenTTLSeconds = oauth2TokenTTLSeconds
        }

        /// Nothing configured at all.
        public var isEmpty: Bool { bearerTokens.isEmpty && oauth1Keys.isEmpty && oauth2Clients.isEmpty }
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
    /// How much later than it could every metrics answer is sent (`--latency`): a slow server on
    /// purpose, to try a client's handling of one. 0 answers at once.
    public var latencyMillis: Int64
    /// Timeouts and the connection bound.
    public var limits: ConnectionLimits

    public static let defaultMaxConcurrent = 8
    public static let defaultRequestsPerMinute = 300
    public static let defaultMaxBodyBytes = 64 * 1024

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicBaseURL: String? = nil, auth: Auth = .none,
        maxConcurrent: Int = ServerSettings.defaultMaxConcurrent,
        requestsPerMinute: Int = ServerSettings.defaultRequestsPerMinute,
        maxBodyBytes: Int = ServerSettings.defaultMaxBodyBytes, latencyMillis: Int64 = 0, limits: ConnectionLimits = .standard
    ) {
        self.limits = limits
        self.latencyMillis = latencyMillis
        self.host = host
        self.port = port
        self.publicBaseURL = publicBaseURL
        self.auth = auth
        self.maxConcurrent = maxConcurrent
        self.requestsPerMinute = requestsPerMinute
        self.maxBodyBytes = maxBodyBytes
    }
}

extension ServerSettings.Auth: CustomStringConvertible, CustomDebugStringConvertible {
    /// Safe to log: says how many credentials of each kind there are, never what they are.
    public var description: String {
        switch self {
        case .none: "none"
        case .credentials(let accepted): accepted.description
        }
    }

    public var debugDescription: String { description }
}

extension ServerSettings.AcceptedCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Safe to log: `bearer (2 tokens), OAuth 1.0a (1 app key), OAuth 2.0 (1 client)`.
    public var description: String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var parts: [String] = []
        if !bearerTokens.isEmpty { parts.append("bearer (\(count(bearerTokens.count, "token")))") }
        if !oauth1Keys.isEmpty { parts.append("OAuth 1.0a (\(count(oauth1Keys.count, "app key")))") }
        if !oauth2Clients.isEmpty {
            parts.append("OAuth 2.0 (\(count(oauth2Clients.count, "client")), tokens valid \(oauth2TokenTTLSeconds) s)")
        }
        return parts.isEmpty ? "no credentials" : parts.joined(separator: ", ")
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}

/// One set of OAuth 1.0a app keys ("Data → Key Messaging Metrics" in LivePerson's key management).
/// Only the consumer key shows in its description; the secrets and the token never do.
public struct OAuth1AppKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var consumerKey: String
    public var consumerSecret: String
    public var token: String
    public var tokenSecret: String

    public init(consumerKey: String, consumerSecret: String, token: String, tokenSecret: String) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.token = token
        self.tokenSecret = tokenSecret
    }

    public var description: String { "OAuth1AppKey(consumerKey: \(consumerKey), secrets: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["consumerKey": consumerKey]) }
}

/// One OAuth 2.0 client-credentials client. Only the client id shows in its description.
public struct OAuth2Client: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var clientId: String
    public var clientSecret: String

    public init(clientId: String, clientSecret: String) {
        self.clientId = clientId
        self.clientSecret = clientSecret
    }

    public var description: String { "OAuth2Client(clientId: \(clientId), secret: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["clientId": clientId]) }
}
