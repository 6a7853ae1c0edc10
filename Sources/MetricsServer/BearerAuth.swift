import Hummingbird

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

/// Checks `Authorization: Bearer <token>` and records which credential the request counts as.
/// Failures answer 401 with `WWW-Authenticate: Bearer` and fixed messages that never echo the token.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let auth: ServerSettings.Auth
    private let tokens: TokenSet

    init(auth: ServerSettings.Auth) {
        self.auth = auth
        switch auth {
        case .none: tokens = TokenSet([])
        case .bearer(let list): tokens = TokenSet(list)
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        switch auth {
        case .none:
            context.credential = .anonymous
        case .bearer:
            guard let token = Self.bearerToken(request.headers[.authorization]) else {
                throw APIError.unauthorized("missing bearer token")
            }
            guard let index = tokens.match(token) else {
                throw APIError.unauthorized("invalid bearer token")
            }
            context.credential = .token(index)
        }
        return try await next(request, context)
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
