import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Turns what AsyncHTTPClient and SwiftNIO throw into a ``ClientError`` a person can act on.
///
/// NIO's error types (`NIOConnectionError`, `IOError`, `NIOSSLError`, `HTTPParserError`) are matched by
/// type and read through their public fields. The reasons are about sockets: they never contain a header.
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
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return .cannotResolve(host: host)
            }
            if let first = error.connectionErrors.first { return .cannotConnect(host: host, reason: reason(of: first.error)) }
            return .cannotConnect(host: host, reason: short("\(error)"))
        }
        if error is NIOSSLError || error is BoringSSLError {
            return .tls(host: host, reason: tlsReason("\(error)"))
        }
        if error is HTTPParserError {
            return .badResponse(reason: "the answer is not valid HTTP (\(short("\(error)")))", excerpt: "")
        }
        if error is SocketAddressError {
            return .cannotResolve(host: host)
        }
        return .cannotConnect(host: host, reason: reason(of: error))
    }

    /// `connection refused`, `connection reset by peer`… from an `IOError`'s errno, else the error's words.
    private static func reason(of error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset by peer"
            case EHOSTUNREACH: return "no route to host"
            case ENETUNREACH: return "network unreachable"
            case EPIPE: return "the connection broke"
            default: break
            }
        }
        return short("\(error)")
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

    private static func short(_ text: String) -> String {
        Excerpt().clean(text, limit: 120)
    }
}
