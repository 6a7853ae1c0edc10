import Foundation

/// Which hosts count as "this machine": plain http and the unproxied path are allowed only for them.
/// Loopback is 127.0.0.0/8, `::1` and `localhost` (a name, so also its subdomains per RFC 6761).
enum HostRules {
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil })
        else { return false }
        return octets[0] == "127"
    }

    /// Whether talking to `url` would send the request in clear text to another machine.
    static func isInsecure(_ url: URL) -> Bool {
        url.scheme?.lowercased() == "http" && !isLoopback(url.host ?? "")
    }

    /// `host[:port]` as a domain service answers it, checked to be exactly that (no path, user or spaces),
    /// so a hostile answer cannot steer requests anywhere but a host.
    static func baseURL(authority: String, scheme: String) -> URL? {
        guard !authority.isEmpty, authority.count <= 300,
            authority.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }),
            !authority.contains("/"), !authority.contains("@"), !authority.contains("?"), !authority.contains("#"),
            let url = URL(string: "\(scheme)://\(authority)"), let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }
}
