import Foundation

/// Everything the client needs to reach one account: where, as whom, and how politely.
public struct ClientConfiguration: Sendable {
    public var account: String
    /// Talk to this base URL directly (e.g. `http://127.0.0.1:8080`), skipping the domain look-up.
    public var server: URL?
    /// Where the domain service (CSDS) lives; tests point it at `kmmtop serve`.
    public var csdsBaseURL: URL
    /// How long a domain look-up is trusted.
    public var domainCacheSeconds: Double
    /// Allow plain `http` to a host that is not loopback (a warning is logged each time it is used).
    public var allowInsecureHTTP: Bool
    public var credentials: Credentials
    public var maxConcurrent: Int
    public var requestsPerMinute: Int
    public var connectTimeoutSeconds: Double
    /// For one request, from sending to the last byte of the answer.
    public var requestTimeoutSeconds: Double

    public enum Credentials: Sendable {
        /// No `Authorization` header (a loopback demo server).
        case none
        case bearer(token: Secret)
        case oauth1(consumerKey: Secret, consumerSecret: Secret, token: Secret, tokenSecret: Secret)
        case oauth2(clientId: Secret, clientSecret: Secret)

        public var kind: CredentialKind? {
            switch self {
            case .none: nil
            case .bearer: .bearer
            case .oauth1: .oauth1
            case .oauth2: .oauth2
            }
        }
    }

    public static let defaultCSDS = URL(string: "https://api.liveperson.net")!

    public init(
        account: String, server: URL? = nil, csdsBaseURL: URL = ClientConfiguration.defaultCSDS,
        domainCacheSeconds: Double = 3600, allowInsecureHTTP: Bool = false, credentials: Credentials = .none,
        maxConcurrent: Int = 2, requestsPerMinute: Int = 60, connectTimeoutSeconds: Double = 5,
        requestTimeoutSeconds: Double = 20
    ) {
        self.account = account
        self.server = server
        self.csdsBaseURL = csdsBaseURL
        self.domainCacheSeconds = domainCacheSeconds
        self.allowInsecureHTTP = allowInsecureHTTP
        self.credentials = credentials
        self.maxConcurrent = maxConcurrent
        self.requestsPerMinute = requestsPerMinute
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }
}
