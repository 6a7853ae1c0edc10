import Foundation

/// Refuses a configuration that cannot work or would be unsafe, before anything is sent: the words say
/// which setting to fix. Never echoes a secret (URLs are shown by host only).
enum ConfigurationCheck {
    static func validate(_ configuration: ClientConfiguration) throws(ClientError) {
        let account = configuration.account
        guard !account.isEmpty else { throw .configuration("no account is configured") }
        guard account.count <= 64, account.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        else {
            throw .configuration("the account id may only contain letters, digits, '-', '_' and '.'")
        }
        if let server = configuration.server {
            try check(server, name: "the server URL", allowInsecure: configuration.allowInsecureHTTP)
        }
        try check(configuration.csdsBaseURL, name: "the domain service (CSDS) URL", allowInsecure: configuration.allowInsecureHTTP)
        guard configuration.maxConcurrent >= 1 else { throw .configuration("maxConcurrent must be at least 1") }
        guard configuration.requestsPerMinute >= 1 else { throw .configuration("requestsPerMinute must be at least 1") }
        for (name, value) in [
            ("connectTimeoutSeconds", configuration.connectTimeoutSeconds), ("requestTimeoutSeconds", configuration.requestTimeoutSeconds),
        ] where !(value.isFinite && value > 0 && value <= 3600) {
            throw .configuration("\(name) must be more than 0 and at most 3600 seconds")
        }
        guard configuration.domainCacheSeconds.isFinite, configuration.domainCacheSeconds >= 0 else {
            throw .configuration("domainCacheSeconds must be 0 or more")
        }
        if configuration.credentials.secrets.contains(where: \.isEmpty) {
            throw .configuration("a \(configuration.credentials.kind?.rawValue ?? "") credential value is empty")
        }
    }

    private static func check(_ url: URL, name: String, allowInsecure: Bool) throws(ClientError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .configuration("\(name) must start with https:// (or http:// for a loopback address)")
        }
        guard let host = url.host, !host.isEmpty else { throw .configuration("\(name) has no host") }
        guard url.user == nil, url.password == nil else {
            throw .configuration("\(name) must not carry a user or password; configure credentials instead")
        }
        guard url.query == nil, url.fragment == nil else { throw .configuration("\(name) must not have a query or fragment") }
        if scheme == "http", !HostRules.isLoopback(host), !allowInsecure {
            throw .configuration(
                "\(name) uses plain http to \(host), which is not a loopback address; use https, or accept unencrypted traffic explicitly with --allow-insecure-http (allow_insecure_http: true in the configuration)")
        }
    }
}
