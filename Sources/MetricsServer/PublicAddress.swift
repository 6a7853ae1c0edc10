import Foundation
import Synchronization

/// The base URL clients reach the server at, for absolute paging links and the domain look-up.
/// Configured (`--public-url`) or, failing that, `http://host:port` once the bound port is known
/// (with `--port 0` it is only known after binding).
final class PublicAddress: Sendable {
    private let configured: String?
    private let host: String
    private let boundPort: Mutex<Int>

    init(settings: ServerSettings) {
        self.configured = settings.publicBaseURL.map { Self.trimmingTrailingSlashes($0) }
        self.host = settings.host
        self.boundPort = Mutex(settings.port)
    }

    func serverRunning(port: Int) {
        boundPort.withLock { $0 = port }
    }

    /// `scheme://host[:port][/prefix]`, without a trailing slash.
    var baseURL: String {
        if let configured { return configured }
        let port = boundPort.withLock { $0 }
        return "http://\(Self.bracketed(host)):\(port)"
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
