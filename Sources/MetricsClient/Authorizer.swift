import Foundation
import KeyMetrics
import OAuth1

/// Puts the configured credential on a request to the metrics API: a bearer token, an OAuth 1.0a
/// signature (fresh nonce and time for every request, query parameters signed, the JSON body not), or an
/// OAuth 2.0 access token sent as a bearer token.
struct Authorizer: Sendable {
    enum Method: Sendable {
        case none
        case bearer(Secret)
        case oauth1(OAuth1Signer)
        case oauth2(OAuth2TokenSource)
    }

    let method: Method
    let kind: CredentialKind?

    /// The `Authorization` value for `url`, and the token used (to report it back after a 401).
    func authorization(method httpMethod: String, url: URL) async throws(ClientError) -> (header: String?, token: Secret?) {
        switch method {
        case .none:
            return (nil, nil)
        case .bearer(let token):
            return ("Bearer \(token.reveal())", token)
        case .oauth1(let signer):
            let header = signer.authorizationHeader(
                method: httpMethod, url: url, nonce: OAuth1.makeNonce(), timestamp: Int(EpochClock.now() / 1000))
            return (header, nil)
        case .oauth2(let source):
            let token = try await source.token()
            return ("Bearer \(token.reveal())", token)
        }
    }

    /// After a 401: a new OAuth 2.0 token when the rejected one can be replaced; `nil` when retrying
    /// cannot help (other kinds of credential are what they are).
    func replacement(for rejected: Secret?) async throws(ClientError) -> String? {
        guard case .oauth2(let source) = method, let rejected else { return nil }
        let token = try await source.token(replacing: rejected)
        return "Bearer \(token.reveal())"
    }

}
