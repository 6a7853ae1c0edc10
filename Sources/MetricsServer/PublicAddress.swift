import Foundation
import Synchronization

/// The base URL clients reach the server at, for absolute paging links and the domain look-up.
/// Configured (`--public-url`) or, failing that, `http://host:port` once the bound port is known
/// (with `--port 0` it is only known after binding).
final class PublicAddress: Sendable {
    private let configured: String?
    private let host: String
    /// The base URL from the bound port, made when the port is known (every answer's links read it).
    private let bound: Mutex<String>

    init(settings: ServerSettings) {
        self.configured = settings.publicBaseURL.map { Self.trimmingTrailingSlashes($0) }
        self.host = settings.host
        self.bound = Mutex(Self.url(host: settings.host, port: settings.port))
    }

    func serverRunning(port: Int) {
        let url = Self.url(host: host, port: port)
        bound.withLock { $0 = url }
    }

    /// `scheme://host[:port][/prefix]`, without a trailing slash.
    var baseURL: String {
        if let configured { return configured }
        return bound.withLock { $0 }
    }

    private static func url(host: String, port: Int) -> String {
        "http://\(bracketed(host)):\(port)"
    }

    /// `host[:port]` of the base URL, without scheme, as the domain service (CSDS) answers it.
    var authority: String {
        guard let components = URLComponents(string: baseURL), let host = components.host, !host.isEmpty else {
            return baseURL
        }
        let shown = Self.bracketed(host)
        return components.port.map { "\(shown):\($0)" } ?? shown
    }

    private static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    private static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
