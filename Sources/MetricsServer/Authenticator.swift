import KeyMetrics
import Foundation
import OAuth1
import Synchronization

/// Everything the server knows about credentials: the configured bearer tokens, OAuth 1.0a app keys
/// and OAuth 2.0 clients, the nonces signed requests used recently, and the access tokens the
/// sentinel route issued. One per server, shared by the auth middleware and the token route.
///
/// Nothing here ever puts a secret into an error, a log line or a ``Credential`` name: credentials are
/// named by token position, consumer key or client id.
final class Authenticator: Sendable {
    /// Wall-clock epoch milliseconds (OAuth timestamps and token lifetimes are wall-clock time);
    /// injected so tests control time.
    typealias Clock = @Sendable () -> Int64

    /// How far an `oauth_timestamp` may be from the server's clock, either way (RFC 5849 leaves it to
    /// the server; 5 minutes is the usual choice).
    static let timestampToleranceSeconds: Int64 = 300
    /// Nonces remembered at once; beyond that, signed requests are refused with 429 until old ones expire.
    static let maxNonces = 100_000
    /// Issued access tokens kept at once; beyond that the oldest is dropped (its client asks again).
    static let maxIssuedTokens = 10_000

    let isOpen: Bool
    let accepted: ServerSettings.AcceptedCredentials
    let tokenTTLSeconds: Int
    let clock: Clock

    private let bearer: TokenSet
    /// consumer key → the app keys with that consumer key (one per token), with their positions.
    private let oauth1: [String: [(index: Int, key: OAuth1AppKey)]]
    private let nonces: Mutex<NonceCache>
    private let issued: Mutex<IssuedTokens>

    init(auth: ServerSettings.Auth, clock: Clock? = nil) {
        if case .none = auth { isOpen = true } else { isOpen = false }
        accepted = auth.accepted
        tokenTTLSeconds = max(1, accepted.oauth2TokenTTLSeconds)
        self.clock = clock ?? { EpochClock.now() }
        bearer = TokenSet(accepted.bearerTokens)
        oauth1 = Dictionary(grouping: accepted.oauth1Keys.enumerated().map { (index: $0.offset, key: $0.element) }, by: \.key.consumerKey)
        nonces = Mutex(NonceCache(capacity: Self.maxNonces, lifetimeMillis: 2 * Self.timestampToleranceSeconds * 1000))
        issued = Mutex(IssuedTokens(capacity: Self.maxIssuedTokens))
    }

    // MARK: - Which schemes are on

    /// Bearer tokens are accepted: configured ones, or ones the sentinel route issues.
    var acceptsBearer: Bool { !accepted.bearerTokens.isEmpty || !accepted.oauth2Clients.isEmpty }
    var acceptsOAuth1: Bool { !accepted.oauth1Keys.isEmpty }

    /// The `WWW-Authenticate` challenges for the schemes on (bearer first).
    var challenges: [String] {
        var result: [String] = []
        if acceptsBearer || !acceptsOAuth1 { result.append("Bearer") }
        if acceptsOAuth1 { result.append(Self.oauthChallenge) }
        return result
    }

    static let oauthChallenge = #"OAuth realm="kmmtop""#

    // MARK: - Bearer

    /// The credential a bearer token stands for: a configured token (`token#N`) or a live issued one
    /// (`oauth2:<clientId>`).
    func authenticateBearer(_ token: some StringProtocol) throws(APIError) -> Credential {
        if let index = bearer.match(token) { return .token(index) }
        if !accepted.oauth2Clients.isEmpty {
            let now = clock()
            switch issued.withLock({ $0.look(up: String(token), now: now) }) {
            case .valid(let clientIndex): return .oauth2(accepted.oauth2Clients[clientIndex].clientId)
            case .expired: throw APIError.unauthorized("expired bearer token; request a new one", challenges: ["Bearer"])
            case .unknown: break
            }
        }
        throw APIError.unauthorized("invalid bearer token", challenges: ["Bearer"])
    }

    // MARK: - OAuth 1.0a

    /// Verifies a signed request: known consumer key and token, HMAC-SHA1 signature over `url` (the
    /// public base URL with the request's path and query) and `method`, a timestamp within 5 minutes
    /// of the server clock and a nonce not seen in that window.
    func authenticateOAuth1(header: [String: String], method: String, url: URL?) throws(APIError) -> Credential {
        let invalid = APIError.unauthorized("invalid OAuth 1.0a signature", challenges: [Self.oauthChallenge])
        for name in ["oauth_consumer_key", "oauth_token", "oauth_signature", "oauth_signature_method", "oauth_timestamp", "oauth_nonce"]
        where (header[name] ?? "").isEmpty {
            throw APIError.unauthorized("missing OAuth 1.0a parameter \(name)", challenges: [Self.oauthChallenge])
        }
        guard header["oauth_signature_method"] == OAuth1.signatureMethod else {
            throw APIError.unauthorized("unsupported OAuth signature method; use HMAC-SHA1", challenges: [Self.oauthChallenge])
        }
        guard let timestampText = header["oauth_timestamp"], let timestamp = Int64(timestampText), timestamp >= 0 else {
            throw APIError.unauthorized("malformed OAuth 1.0a timestamp", challenges: [Self.oauthChallenge])
        }
        // Look the key up by consumer key (public), then the token in constant time.
        guard let url, let consumerKey = header["oauth_consumer_key"], let candidates = oauth1[consumerKey],
            let token = header["oauth_token"]
        else { throw invalid }
        let tokens = TokenSet(candidates.map(\.key.token))
        guard let found = tokens.match(token) else { throw invalid }
        let entry = candidates[found]
        do throws(OAuth1.VerificationFailure) {
            try OAuth1.verify(
                method: method, url: url, header: header,
                consumerSecret: entry.key.consumerSecret, tokenSecret: entry.key.tokenSecret)
        } catch .badSignature {
            throw invalid
        } catch {
            throw APIError.unauthorized(error.description, challenges: [Self.oauthChallenge])
        }
        // Only a correctly signed request gets this far, so nobody else can fill the nonce memory.
        let now = clock()
        guard abs(now / 1000 - timestamp) <= Self.timestampToleranceSeconds else {
            throw APIError.unauthorized(
                "OAuth 1.0a timestamp is more than \(Self.timestampToleranceSeconds / 60) minutes from the server's clock",
                challenges: [Self.oauthChallenge])
        }
        let nonceKey = "\(entry.index)\u{0}\(timestamp)\u{0}\(header["oauth_nonce"] ?? "")"
        switch nonces.withLock({ $0.insert(nonceKey, now: now) }) {
        case .fresh:
            return .oauth1(consumerKey)
        case .replayed:
            throw APIError.unauthorized("OAuth 1.0a nonce already used", challenges: [Self.oauthChallenge])
        case .full(let retryAfterSeconds):
            throw APIError.rateLimited(
                "too many signed requests in the last \(2 * Self.timestampToleranceSeconds / 60) minutes; retry after \(retryAfterSeconds) s",
                retryAfterSeconds: retryAfterSeconds)
        }
    }

    // MARK: - OAuth 2.0 client credentials

    /// The position of the client whose id and secret these are (secret compared in constant time), or `nil`.
    func client(id: String, secret: String) -> Int? {
        var found: Int?
        for (index, client) in accepted.oauth2Clients.enumerated() where client.clientId == id {
            // Ids are public; the secret comparison must not leak how much of it matched.
            if OAuth1.constantTimeEquals(client.clientSecret, secret) && found == nil { found = index }
        }
        return found
    }

    /// A fresh access token for the client at `clientIndex`, valid for ``tokenTTLSeconds``.
    func issueToken(clientIndex: Int) -> String {
        let token = Self.randomToken()
        let now = clock()
        let expires = now + Int64(tokenTTLSeconds) * 1000
        issued.withLock { $0.insert(token, clientIndex: clientIndex, expiresAt: expires, now: now) }
        return token
    }

    /// 32 random bytes from the system's secure generator, base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// Nonces of signed requests, each remembered for a fixed lifetime from when it was first seen (twice
/// the timestamp tolerance: a replay is only acceptable-looking while its timestamp is within the
/// tolerance of now, which is at most that long after it was first seen). Fixed lifetimes expire in
/// insertion order, so a FIFO queue purges in amortised constant time; the capacity bounds memory.
struct NonceCache: Sendable {
    enum Outcome: Equatable { case fresh, replayed, full(retryAfterSeconds: Int) }

    let capacity: Int
    let lifetimeMillis: Int64
    private var expiries: [String: Int64] = [:]
    private var queue: [(key: String, expires: Int64)] = []
    private var head = 0

    init(capacity: Int, lifetimeMillis: Int64) {
        self.capacity = max(1, capacity)
        self.lifetimeMillis = lifetimeMillis
    }

    var count: Int { expiries.count }

    mutating func insert(_ key: String, now: Int64) -> Outcome {
        purge(now: now)
        if expiries[key] != nil { return .replayed }
        if expiries.count >= capacity {
            let wait = queue[head].expires - now
            return .full(retryAfterSeconds: max(1, Int((wait + 999) / 1000)))
        }
        let expires = now + lifetimeMillis
        expiries[key] = expires
        queue.append((key, expires))
        return .fresh
    }

    mutating func purge(now: Int64) {
        while head < queue.count, queue[head].expires <= now {
            expiries[queue[head].key] = nil
            head += 1
        }
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }
}

/// Access tokens issued by the sentinel route. All share one lifetime, so they expire in the order
/// they were issued: a FIFO queue purges expired ones cheaply, and at capacity the oldest goes.
struct IssuedTokens: Sendable {
    enum Lookup: Equatable { case valid(clientIndex: Int), expired, unknown }

    let capacity: Int
    private var tokens: [String: (clientIndex: Int, expires: Int64)] = [:]
    private var queue: [(token: String, expires: Int64)] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { tokens.count }

    mutating func insert(_ token: String, clientIndex: Int, expiresAt: Int64, now: Int64) {
        purge(now: now)
        while tokens.count >= capacity, head < queue.count {
            tokens[queue[head].token] = nil
            head += 1
        }
        tokens[token] = (clientIndex, expiresAt)
        queue.append((token, expiresAt))
    }

    mutating func look(up token: String, now: Int64) -> Lookup {
        guard let entry = tokens[token] else {
            purge(now: now)
            return .unknown
        }
        guard entry.expires > now else {
            purge(now: now)
            return .expired
        }
        return .valid(clientIndex: entry.clientIndex)
    }

    mutating func purge(now: Int64) {
        while head < queue.count, queue[head].expires <= now {
            // A token dropped at capacity may already be gone; only remove the entry this queue slot made.
            if tokens[queue[head].token]?.expires == queue[head].expires { tokens[queue[head].token] = nil }
            head += 1
        }
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }
}
