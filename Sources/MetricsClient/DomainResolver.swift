import Foundation

/// Finds where an account's services live through LivePerson's domain service (CSDS), as every
/// LivePerson client must: the host is not fixed per account. The answer is cached for
/// `domainCacheSeconds` (an hour by default), so a poll every few seconds does not ask each time.
actor DomainResolver {
    struct Answer: Decodable {
        struct Entry: Decodable {
            var service: String
            var account: String?
            var baseURI: String
        }
        var baseURIs: [Entry]
    }

    static let metricsService = "agentManagerWorkspace"
    static let tokenService = "sentinel"

    private let csdsBaseURL: URL
    private let account: String
    private let cacheSeconds: Double
    private let transport: Transport
    private let mapping: ErrorMapping
    private let clock: @Sendable () -> Double
    private var cached: (services: [String: String], until: Double)?
    /// Look-ups sent (tests check the cache with it).
    private(set) var lookups = 0

    init(
        csdsBaseURL: URL, account: String, cacheSeconds: Double, transport: Transport, mapping: ErrorMapping,
        clock: @escaping @Sendable () -> Double
    ) {
        self.csdsBaseURL = csdsBaseURL
        self.account = account
        self.cacheSeconds = cacheSeconds
        self.transport = transport
        self.mapping = mapping
        self.clock = clock
    }

    /// The base URL of `service`. `https://{baseURI}`, except that a look-up done over plain http on
    /// loopback (tests, `kmmtop serve`) gives `http://` for loopback answers: the reference server
    /// answers its own `127.0.0.1:port`. Any other host always gets https.
    func baseURL(of service: String) async throws(ClientError) -> URL {
        let services = try await servicesMap()
        guard let authority = services[service] else {
            throw .badResponse(reason: "the domain service knows no \(service) for account \(account)", excerpt: "")
        }
        guard let url = Self.serviceURL(authority: authority, csdsBaseURL: csdsBaseURL) else {
            throw .badResponse(
                reason: "the domain service answered a \(service) address that is not host[:port]",
                excerpt: mapping.excerpt.clean(authority))
        }
        return url
    }

    /// `https://{authority}`, or `http://` when both the look-up and the answer are loopback and the
    /// look-up itself was plain http.
    static func serviceURL(authority: String, csdsBaseURL: URL) -> URL? {
        let lookupIsLocal = csdsBaseURL.scheme?.lowercased() == "http" && HostRules.isLoopback(csdsBaseURL.host ?? "")
        guard let probe = HostRules.baseURL(authority: authority, scheme: "https") else { return nil }
        let scheme = lookupIsLocal && HostRules.isLoopback(probe.host ?? "") ? "http" : "https"
        return HostRules.baseURL(authority: authority, scheme: scheme)
    }

    private func servicesMap() async throws(ClientError) -> [String: String] {
        if let cached, clock() < cached.until { return cached.services }
        let base = csdsBaseURL.absoluteString.trimmingSuffix("/")
        guard let url = URL(string: "\(base)/api/account/\(account)/service/baseURI.json?version=1.0") else {
            throw .configuration("cannot build the domain look-up URL from \(csdsBaseURL.host ?? "?")")
        }
        lookups += 1
        let answer = try await transport.send(OutgoingRequest(method: .GET, url: url, headers: [("Accept", "application/json")]))
        guard (200..<300).contains(answer.status) else {
            throw mapping.error(for: answer, kind: nil, what: "the domain look-up (CSDS)")
        }
        let decoded = try mapping.decode(Answer.self, from: answer, what: "the domain service (CSDS)")
        var services: [String: String] = [:]
        for entry in decoded.baseURIs where services[entry.service] == nil {
            services[entry.service] = entry.baseURI
        }
        cached = (services, clock() + cacheSeconds)
        return services
    }
}
