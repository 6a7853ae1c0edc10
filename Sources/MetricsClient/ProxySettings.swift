import Foundation

/// Which proxy (if any) a request goes through, decided per host from the usual environment variables:
/// `HTTPS_PROXY`/`https_proxy` for https targets, `HTTP_PROXY`/`http_proxy` for plain http ones, and
/// `NO_PROXY`/`no_proxy` for exceptions. Loopback is never proxied, so tests and `kmmtop serve` always
/// go direct. A pure value, so the matching rules are unit-tested without any network.
public struct ProxySettings: Sendable, Equatable {
    /// One proxy: where it is and, if its URL carried them, the credentials for it.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public var username: Secret?
        public var password: Secret?

        public init(host: String, port: Int, username: Secret? = nil, password: Secret? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
        }

        /// Safe to log: never the credentials.
        public var description: String { "\(host):\(port)" }

        /// Parses `http://[user:pass@]host[:port][/]` or a bare `host:port`; `nil` when it names no host.
        public init?(parsing text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            let withScheme = trimmed.contains("://") ? trimmed : "http://\(trimmed)"
            guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
                return nil
            }
            let defaultPort = components.scheme?.lowercased() == "https" ? 443 : 80
            self.init(
                host: host, port: components.port ?? defaultPort,
                username: components.user.flatMap { $0.removingPercentEncoding }.map(Secret.init),
                password: components.password.flatMap { $0.removingPercentEncoding }.map(Secret.init))
        }
    }

    public var https: Endpoint?
    public var http: Endpoint?
    /// `NO_PROXY` entries, lower-cased, without a leading `*.` or `.`, without a port.
    public var noProxy: [String]

    public init(https: Endpoint? = nil, http: Endpoint? = nil, noProxy: [String] = []) {
        self.https = https
        self.http = http
        self.noProxy = noProxy.compactMap(Self.normalizedRule)
    }

    /// Reads the variables; the lower-case spelling wins when both are set (curl's convention).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? {
            for key in [name.lowercased(), name.uppercased()] {
                if let text = environment[key], !text.trimmingCharacters(in: .whitespaces).isEmpty { return text }
            }
            return nil
        }
        self.init(
            https: value("https_proxy").flatMap(Endpoint.init(parsing:)),
            http: value("http_proxy").flatMap(Endpoint.init(parsing:)),
            noProxy: (value("no_proxy") ?? "").split(separator: ",").map(String.init))
    }

    /// The proxy for `url`, or `nil` to connect directly.
    public func proxy(for url: URL) -> Endpoint? {
        guard let host = url.host, !host.isEmpty else { return nil }
        let endpoint = url.scheme?.lowercased() == "https" ? https : http
        guard let endpoint else { return nil }
        return bypasses(host: host) ? nil : endpoint
    }

    /// Whether `host` goes direct: loopback, `*`, an exact entry, or a subdomain of an entry.
    public func bypasses(host: String) -> Bool {
        if HostRules.isLoopback(host) { return true }
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        for rule in noProxy {
            if rule == "*" || name == rule || name.hasSuffix("." + rule) { return true }
        }
        return false
    }

    private static func normalizedRule(_ entry: String) -> String? {
        var rule = entry.trimmingCharacters(in: .whitespaces).lowercased()
        if rule == "*" { return rule }
        if rule.hasPrefix("*.") { rule.removeFirst(2) } else if rule.hasPrefix(".") { rule.removeFirst() }
        if rule.hasPrefix("[") {
            // `[::1]:8080` or `[::1]`
            if let end = rule.firstIndex(of: "]") { rule = String(rule[rule.index(after: rule.startIndex)..<end]) }
        } else if rule.filter({ $0 == ":" }).count == 1, let colon = rule.firstIndex(of: ":") {
            rule = String(rule[..<colon])
        }
        if rule.hasSuffix(".") { rule.removeLast() }
        return rule.isEmpty ? nil : rule
    }
}
