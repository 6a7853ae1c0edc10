import Foundation
import KeyMetrics

/// Which hosts count as "this machine" (``Loopback``): plain http and the unproxied path are allowed only for them.
enum HostRules {
    static func isLoopback(_ host: String) -> Bool { Loopback.isLoopback(host) }

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
