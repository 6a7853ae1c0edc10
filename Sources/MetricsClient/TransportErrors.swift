import AsyncHTTPClient
import Foundation

/// Turns what AsyncHTTPClient and SwiftNIO throw into a ``ClientError`` a person can act on.
///
/// NIO's error types (`NIOConnectionError`, `IOError`, `NIOSSLError`, `HTTPParserError`) live in modules
/// this target does not import, so they are told apart by type name and their documented fields, read
/// through reflection. The reasons are NIO's own words about sockets: they never contain a header.
enum TransportErrors {
    static func map(_ error: any Error, host: String, connectTimeout: Double, requestTimeout: Double) -> ClientError {
        if let error = error as? ClientError { return error }
        if error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout:
                return .timeout(host: host, phase: "connect", seconds: connectTimeout)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .timeout(host: host, phase: "response", seconds: requestTimeout)
            case .tlsHandshakeTimeout:
                return .tls(host: host, reason: "the TLS handshake timed out")
            case .cancelled:
                return .cancelled
            case .remoteConnectionClosed:
                return .cannotConnect(host: host, reason: "the server closed the connection without answering")
            case .invalidProxyResponse, .proxyAuthenticationRequired, .httpProxyHandshakeTimeout:
                return .cannotConnect(host: host, reason: "the proxy refused the connection (\(error))")
            default:
                return .cannotConnect(host: host, reason: short("\(error)"))
            }
        }
        let type = String(reflecting: Swift.type(of: error))
        if type.hasSuffix("NIOConnectionError") {
            let fields = Dictionary(
                Mirror(reflecting: error).children.compactMap { child in child.label.map { ($0, child.value) } },
                uniquingKeysWith: { first, _ in first })
            let failures = (fields["connectionErrors"] as? [Any]) ?? []
            let dnsFailed = isSome(fields["dnsAError"]) || isSome(fields["dnsAAAAError"])
            if failures.isEmpty, dnsFailed { return .cannotResolve(host: host) }
            if let first = failures.first, let inner = Mirror(reflecting: first).children.first(where: { $0.label == "error" })?.value {
                return .cannotConnect(host: host, reason: reason(of: inner))
            }
            return .cannotConnect(host: host, reason: short("\(error)"))
        }
        if type.contains("NIOSSL") || type.contains("BoringSSL") || type.contains("NIOTLS") {
            return .tls(host: host, reason: tlsReason("\(error)"))
        }
        if type.hasSuffix("HTTPParserError") {
            return .badResponse(reason: "the answer is not valid HTTP (\(short("\(error)")))", excerpt: "")
        }
        if type.hasSuffix("SocketAddressError") || "\(error)".contains("getaddrinfo") {
            return .cannotResolve(host: host)
        }
        return .cannotConnect(host: host, reason: reason(of: error))
    }

    /// `connection refused`, `connection reset by peer`… from an `IOError`'s errno text, else its description.
    private static func reason(of error: Any) -> String {
        let text = "\(error)"
        for (needle, said) in [
            ("Connection refused", "connection refused"), ("Connection reset", "connection reset by peer"),
            ("No route to host", "no route to host"), ("Network is unreachable", "network unreachable"),
            ("Broken pipe", "the connection broke"),
        ] where text.contains(needle) {
            return said
        }
        return short(text)
    }

    /// BoringSSL's words, shortened to what a person can act on; verification is never turned off.
    private static func tlsReason(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("certificate") || lower.contains("verify") {
            return "the server's certificate could not be verified (\(short(text)))"
        }
        if lower.contains("eof during handshake") || lower.contains("wrong version number") || lower.contains("unclean") {
            return "the connection ended during the TLS handshake (does the server speak https on this port?)"
        }
        return short(text)
    }

    private static func isSome(_ value: Any?) -> Bool {
        guard let value else { return false }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first != nil }
        return true
    }

    private static func short(_ text: String) -> String {
        Excerpt().clean(text, limit: 120)
    }
}
