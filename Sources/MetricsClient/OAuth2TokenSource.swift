import Foundation

/// OAuth 2.0 client credentials: fetches an access token from the authorization service (`sentinel`) and
/// keeps it until 60 s before it expires, so a poll every few seconds costs one token request an hour.
/// An actor so that concurrent pages share one fetch. The client id and secret travel only in the
/// form-encoded body, never the URL.
actor OAuth2TokenSource {
    /// What the token endpoint answers; `expires_in` is optional (then one hour).
    struct Answer: Decodable {
        var access_token: String
        var token_type: String?
        var expires_in: Double?
    }

    static let defaultLifetime = 3600.0
    static let refreshMargin = 60.0

    private let clientId: Secret
    private let clientSecret: Secret
    private let account: String
    private let baseURL: @Sendable () async throws(ClientError) -> URL
    private let transport: Transport
    private let mapping: ErrorMapping
    private let clock: @Sendable () -> Double
    private var cached: (token: Secret, refreshAt: Double)?
    private var pending: Task<Result<Secret, ClientError>, Never>?
    /// Token requests sent (tests check the cache with it).
    private(set) var fetches = 0

    init(
        clientId: Secret, clientSecret: Secret, account: String, transport: Transport, mapping: ErrorMapping,
        clock: @escaping @Sendable () -> Double, baseURL: @escaping @Sendable () async throws(ClientError) -> URL
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.account = account
        self.transport = transport
        self.mapping = mapping
        self.clock = clock
        self.baseURL = baseURL
    }

    /// A valid token: the cached one, or a new one. `rejected` is a token the API just refused with 401:
    /// if it is still the cached one, it is dropped and a new one fetched (once, however many pages ask).
    func token(replacing rejected: Secret? = nil) async throws(ClientError) -> Secret {
        if let rejected, cached?.token == rejected { cached = nil }
        if let cached, clock() < cached.refreshAt { return cached.token }
        if let pending { return try await pending.value.get() }
        let task = Task { await self.fetch() }
        pending = task
        let result = await task.value
        pending = nil
        return try result.get()
    }

    private func fetch() async -> Result<Secret, ClientError> {
        fetches += 1
        do throws(ClientError) {
            let base = try await baseURL()
            guard
                let url = URL(
                    string: "\(base.absoluteString.trimmingSuffix("/"))/sentinel/api/account/\(account)/app/token?v=1.0&grant_type=client_credentials")
            else { throw ClientError.configuration("cannot build the token URL from \(base.host ?? "?")") }
            let form = "client_id=\(Self.formEncode(clientId.reveal()))&client_secret=\(Self.formEncode(clientSecret.reveal()))"
            let answer = try await transport.send(OutgoingRequest(
                method: .POST, url: url,
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                body: Array(form.utf8)))
            guard (200..<300).contains(answer.status) else {
                throw mapping.error(for: answer, kind: .oauth2, what: "the token endpoint")
            }
            let decoded = try mapping.decode(Answer.self, from: answer, what: "the token endpoint")
            guard !decoded.access_token.isEmpty else {
                throw ClientError.badResponse(reason: "the token endpoint answered an empty access_token", excerpt: "")
            }
            let lifetime = decoded.expires_in.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? Self.defaultLifetime
            let token = Secret(decoded.access_token)
            cached = (token, clock() + max(0, lifetime - Self.refreshMargin))
            return .success(token)
        } catch {
            return .failure(error)
        }
    }

    /// `application/x-www-form-urlencoded`: everything but unreserved characters percent-encoded.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while !suffix.isEmpty, text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
