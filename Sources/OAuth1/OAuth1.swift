import Crypto
import Foundation

/// OAuth 1.0a (RFC 5849) request signatures with HMAC-SHA1: the pieces the client signs with and the
/// reference server verifies with, so the two compute the same base string by construction.
public enum OAuth1 {
    /// The only signature method this module speaks.
    public static let signatureMethod = "HMAC-SHA1"
    /// The protocol version sent in `oauth_version`.
    public static let version = "1.0"

    // MARK: - §3.6 percent-encoding

    /// RFC 5849 §3.6 percent-encoding: the text's UTF-8 bytes, with everything but the unreserved
    /// characters (`A-Z a-z 0-9 - . _ ~`) written as `%XX` with upper-case hex digits.
    public static func percentEncode(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (and, when `plusIsSpace`, `+` as a space, as form encoding does). A
    /// malformed escape is kept literally rather than failing, so decoding never loses input.
    public static func percentDecode(_ text: some StringProtocol, plusIsSpace: Bool = false) -> String {
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%"), i + 2 < bytes.count,
                let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else if byte == UInt8(ascii: "+") && plusIsSpace {
                out.append(UInt8(ascii: " "))
                i += 1
            } else {
                out.append(byte)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - §3.4.1 signature base string

    /// The §3.4.1 signature base string: `METHOD&encode(base string URI)&encode(normalised parameters)`.
    ///
    /// - The base string URI (§3.4.1.2) is `url`'s scheme and host in lower case, its port only when it
    ///   isn't the scheme's default (80 for http, 443 for https), and its path as sent (`/` when empty);
    ///   the query and fragment are left out.
    /// - `parameters` is the complete, *decoded* parameter list (§3.4.1.3): the query's parameters (see
    ///   ``queryParameters(of:)``), the `oauth_*` protocol parameters except `oauth_signature` and
    ///   `realm`, and the parameters of an `application/x-www-form-urlencoded` body. The URL's own query
    ///   is NOT read here, so pass it in (``OAuth1Signer`` does).
    public static func signatureBaseString(method: String, url: URL, parameters: [(String, String)]) -> String {
        [
            percentEncode(method.uppercased()),
            percentEncode(baseStringURI(url)),
            percentEncode(normalizedParameters(parameters)),
        ].joined(separator: "&")
    }

    /// §3.4.1.2: `scheme://host[:port]/path`, normalised.
    public static func baseStringURI(_ url: URL) -> String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        let scheme = (components?.scheme ?? url.scheme ?? "").lowercased()
        var host = (components?.percentEncodedHost ?? url.host ?? "").lowercased()
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        var authority = host
        if let port = components?.port ?? url.port {
            let isDefault = (scheme == "http" && port == 80) || (scheme == "https" && port == 443)
            if !isDefault { authority += ":\(port)" }
        }
        var path = components?.percentEncodedPath ?? ""
        if path.isEmpty { path = "/" }
        return "\(scheme)://\(authority)\(path)"
    }

    /// §3.4.1.3.2: every name and value percent-encoded, sorted by name then value (byte order),
    /// `name=value` pairs joined with `&`.
    public static func normalizedParameters(_ parameters: [(String, String)]) -> String {
        parameters
            .map { (percentEncode($0.0), percentEncode($0.1)) }
            .sorted { lhs, rhs in
                lhs.0 == rhs.0 ? Array(lhs.1.utf8).lexicographicallyPrecedes(rhs.1.utf8)
                    : Array(lhs.0.utf8).lexicographicallyPrecedes(rhs.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The decoded parameters of `url`'s query (§3.4.1.3.1: parsed as form encoding, so `+` is a
    /// space), in order, repeats kept; a name without `=` has the empty value.
    public static func queryParameters(of url: URL) -> [(String, String)] {
        guard let query = URLComponents(url: url, resolvingAgainstBaseURL: true)?.percentEncodedQuery else { return [] }
        return formParameters(query)
    }

    /// The decoded parameters of an `application/x-www-form-urlencoded` text (a body or a raw query).
    public static func formParameters(_ text: some StringProtocol) -> [(String, String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (percentDecode(pair[..<equals], plusIsSpace: true),
                        percentDecode(pair[pair.index(after: equals)...], plusIsSpace: true))
            }
            return (percentDecode(pair, plusIsSpace: true), "")
        }
    }

    // MARK: - §3.4.2 HMAC-SHA1

    /// §3.4.2: HMAC-SHA1 of the base string keyed with `encode(consumerSecret)&encode(tokenSecret)`, base64.
    public static func hmacSHA1Signature(baseString: String, consumerSecret: String, tokenSecret: String) -> String {
        let key = SymmetricKey(data: Data("\(percentEncode(consumerSecret))&\(percentEncode(tokenSecret))".utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(baseString.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Compares two strings over their full length whatever they hold, so the time taken says nothing
    /// about where they differ (for comparing a received signature with the expected one).
    public static func constantTimeEquals(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        var diff = UInt64(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            diff |= UInt64((i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0))
        }
        return diff == 0
    }

    // MARK: - §3.5.1 the Authorization header

    /// Parses an `Authorization: OAuth …` header (scheme case-insensitive) into its decoded parameters,
    /// `realm` included. `nil` when the header uses another scheme, is malformed (a parameter without a
    /// quoted value, an unterminated quote) or repeats a parameter.
    public static func parseAuthorizationHeader(_ header: String) -> [String: String]? {
        var rest = Substring(header).drop(while: { $0 == " " || $0 == "\t" })
        guard rest.count >= 5, rest.prefix(5).lowercased() == "oauth" else { return nil }
        rest = rest.dropFirst(5)
        if let next = rest.first, next != " " && next != "\t" { return nil }
        var result: [String: String] = [:]
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == "," })
            if rest.isEmpty { break }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            rest = rest[rest.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: "\"") else { return nil }
            let value = rest[..<close]
            rest = rest[rest.index(after: close)...].drop(while: { $0 == " " || $0 == "\t" })
            guard rest.isEmpty || rest.first == "," else { return nil }
            let decodedName = percentDecode(name)
            guard result[decodedName] == nil else { return nil }
            result[decodedName] = percentDecode(value)
        }
        return result.isEmpty ? nil : result
    }

    /// A fresh random nonce: 32 hex digits (128 bits) from the system's secure generator.
    public static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return String(decoding: bytes.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0x0F)]] }, as: UTF8.self)
            .lowercased()
    }

    // MARK: - Verification

    /// Why a signed request was refused; the descriptions are fixed texts that never echo a secret.
    public enum VerificationFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A required `oauth_*` parameter is missing or malformed.
        case missingParameter(String)
        case unsupportedSignatureMethod
        case unsupportedVersion
        case badSignature

        public var description: String {
            switch self {
            case .missingParameter(let name): "missing or malformed OAuth parameter \(name)"
            case .unsupportedSignatureMethod: "unsupported OAuth signature method (only HMAC-SHA1)"
            case .unsupportedVersion: "unsupported OAuth version (only 1.0)"
            case .badSignature: "invalid OAuth 1.0a signature"
            }
        }
    }

    /// Checks the signature of a request whose `Authorization` header parsed to `header`: rebuilds the
    /// base string from `method`, `url` (its query included) and `formParameters` (a form body's, if
    /// any), signs it with the secrets, and compares with `oauth_signature` in constant time. Does not
    /// check the timestamp's age or the nonce's freshness — that needs a clock and memory.
    public static func verify(
        method: String, url: URL, header: [String: String], formParameters: [(String, String)] = [],
        consumerSecret: String, tokenSecret: String
    ) throws(VerificationFailure) {
        for name in ["oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_timestamp", "oauth_nonce"]
        where (header[name] ?? "").isEmpty {
            throw .missingParameter(name)
        }
        guard header["oauth_signature_method"] == signatureMethod else { throw .unsupportedSignatureMethod }
        if let version = header["oauth_version"], version != self.version { throw .unsupportedVersion }
        guard let signature = header["oauth_signature"] else { throw .missingParameter("oauth_signature") }
        var parameters = queryParameters(of: url) + formParameters
        for (name, value) in header where name != "oauth_signature" && name != "realm" {
            parameters.append((name, value))
        }
        let base = signatureBaseString(method: method, url: url, parameters: parameters)
        let expected = hmacSHA1Signature(baseString: base, consumerSecret: consumerSecret, tokenSecret: tokenSecret)
        guard constantTimeEquals(expected, signature) else { throw .badSignature }
    }

    // MARK: - Helpers

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Signs requests with one set of OAuth 1.0a app keys (HMAC-SHA1). Its description, debug description
/// and mirror hide the secrets (and the token), so printing or dumping a signer leaks nothing.
public struct OAuth1Signer: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let consumerKey: String
    private let consumerSecret: String
    private let token: String
    private let tokenSecret: String

    public init(consumerKey: String, consumerSecret: String, token: String, tokenSecret: String) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.token = token
        self.tokenSecret = tokenSecret
    }

    /// The `Authorization` header value: `OAuth oauth_consumer_key="…", oauth_nonce="…", oauth_signature="…", oauth_signature_method="HMAC-SHA1", oauth_timestamp="…", oauth_token="…", oauth_version="1.0"`.
    /// Query parameters of `url` are part of the signature base string; a JSON body is not (RFC 5849 §3.4.1.3: only form-encoded bodies are).
    public func authorizationHeader(method: String, url: URL, nonce: String, timestamp: Int) -> String {
        authorizationHeader(method: method, url: url, nonce: nonce, timestamp: timestamp, formParameters: [])
    }

    /// As ``authorizationHeader(method:url:nonce:timestamp:)``, for a request whose body is
    /// `application/x-www-form-urlencoded` with these (decoded) parameters, which the signature covers.
    public func authorizationHeader(
        method: String, url: URL, nonce: String, timestamp: Int, formParameters: [(String, String)]
    ) -> String {
        var oauth = protocolParameters(nonce: nonce, timestamp: timestamp)
        let signature = signature(method: method, url: url, protocolParameters: oauth, formParameters: formParameters)
        oauth.append(("oauth_signature", signature))
        oauth.sort { $0.0 < $1.0 }
        return "OAuth " + oauth.map { "\(OAuth1.percentEncode($0.0))=\"\(OAuth1.percentEncode($0.1))\"" }.joined(separator: ", ")
    }

    /// The base64 `oauth_signature` of a request (exposed for tests and diagnostics; not secret itself).
    public func signature(method: String, url: URL, nonce: String, timestamp: Int, formParameters: [(String, String)] = []) -> String {
        signature(method: method, url: url, protocolParameters: protocolParameters(nonce: nonce, timestamp: timestamp),
                  formParameters: formParameters)
    }

    private func protocolParameters(nonce: String, timestamp: Int) -> [(String, String)] {
        [
            ("oauth_consumer_key", consumerKey),
            ("oauth_nonce", nonce),
            ("oauth_signature_method", OAuth1.signatureMethod),
            ("oauth_timestamp", String(timestamp)),
            ("oauth_token", token),
            ("oauth_version", OAuth1.version),
        ]
    }

    private func signature(
        method: String, url: URL, protocolParameters: [(String, String)], formParameters: [(String, String)]
    ) -> String {
        let parameters = OAuth1.queryParameters(of: url) + protocolParameters + formParameters
        let base = OAuth1.signatureBaseString(method: method, url: url, parameters: parameters)
        return OAuth1.hmacSHA1Signature(baseString: base, consumerSecret: consumerSecret, tokenSecret: tokenSecret)
    }

    public var description: String { "OAuth1Signer(consumerKey: \(consumerKey), secrets: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["consumerKey": consumerKey], displayStyle: .struct) }
}
