import Foundation
import Hummingbird
import HummingbirdCore
import OAuth1

/// The configured bearer tokens, checked in constant time: every candidate is compared over its
/// full length against every configured token, so timing reveals neither which token nor how much
/// of one matched.
struct TokenSet: Sendable {
    private let tokens: [[UInt8]]

    init(_ tokens: [String]) {
        self.tokens = tokens.map { Array($0.utf8) }
    }

    /// The index of the token `candidate` equals, if any.
    func match(_ candidate: some StringProtocol) -> Int? {
        let bytes = Array(candidate.utf8)
        var found = -1
        for (index, token) in tokens.enumerated() {
            // Fold in the length difference, then every byte of the longer of the two.
            var diff = UInt64(truncatingIfNeeded: token.count ^ bytes.count)
            for i in 0..<max(token.count, bytes.count) {
                let a = i < token.count ? token[i] : 0
                let b = i < bytes.count ? bytes[i] : 0
                diff |= UInt64(a ^ b)
            }
            // Branch-free selection of the (first) match.
            let isMatch = diff == 0 && found < 0
            found = isMatch ? index : found
        }
        return found >= 0 ? found : nil
    }
}

/// Checks a request's credentials and says which credential it counts as: `Authorization: Bearer
/// <token>` (a configured token or one the sentinel route issued) or `Authorization: OAuth …` (an
/// OAuth 1.0a signature over the method and the public URL of the request, as the client saw it).
/// Failures answer 401 with `WWW-Authenticate` naming the schemes on, and fixed messages that never
/// echo what was sent.
struct RequestAuthentication: Sendable {
    let authenticator: Authenticator
    let address: PublicAddress

    func authenticate(method: String, headers: HTTPFields, uri: URI) throws(APIError) -> Credential {
        try authenticate(method: method, authorization: headers[.authorization], uri: uri)
    }

    /// The same, from the `Authorization` field's value alone (its lines joined, as `HTTPFields` reads it).
    func authenticate(method: String, authorization header: String?, uri: URI) throws(APIError) -> Credential {
        if authenticator.isOpen { return .anonymous }
        if let token = Self.bearerToken(header), authenticator.acceptsBearer {
            return try authenticator.authenticateBearer(token)
        }
        if let header, authenticator.acceptsOAuth1, let parameters = OAuth1.parseAuthorizationHeader(header) {
            return try authenticator.authenticateOAuth1(header: parameters, method: method, url: publicURL(of: uri))
        }
        switch (authenticator.acceptsBearer, authenticator.acceptsOAuth1) {
        case (_, false): throw APIError.unauthorized("missing bearer token", challenges: authenticator.challenges)
        case (false, true): throw APIError.unauthorized("missing OAuth 1.0a signature", challenges: authenticator.challenges)
        case (true, true):
            throw APIError.unauthorized("missing credentials: send a bearer token or an OAuth 1.0a signature", challenges: authenticator.challenges)
        }
    }

    /// The URL the client addressed, as links are built: the public base URL, then the request's path
    /// and query exactly as sent.
    func publicURL(of uri: URI) -> URL? {
        let query = uri.query.map { "?\($0)" } ?? ""
        return URL(string: address.baseURL + uri.path + query)
    }

    /// The token of an `Authorization` header using the Bearer scheme (scheme case-insensitive), or
    /// `nil` when there is no such header or it names another scheme.
    static func bearerToken(_ header: String?) -> Substring? {
        guard let header else { return nil }
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmed.dropFirst(7).drop(while: { $0 == " " })
        let end = token.lastIndex(where: { $0 != " " }).map { token.index(after: $0) } ?? token.startIndex
        let result = token[token.startIndex..<end]
        return result.isEmpty ? nil : result
    }
}
