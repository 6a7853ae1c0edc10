import Foundation
import MetricsClient

/// The configuration file, parsed and checked but not yet resolved: secrets are still references to
/// environment variables and files (read by ``SecretReader`` only when a connection is made), and every
/// setting remembers its line so a later problem can still name it.
///
struct KmmtopConfig: Sendable {
    /// The file it came from; `nil` when there was none (demo mode unless `--account` is given).
    var file: String?
    var account: Located<String>?
    var domain: Located<String>?
    var server: Located<URL>?
    var csdsURL: Located<URL>?
    var allowInsecureHTTP: Bool?
    var auth: Auth?
    var poll = Poll()
    /// The dashboard's `view` and `thresholds` sections, interpreted.
    var dashboard = DashboardSections()

    /// A value and the line it was written on.
    struct Located<Value: Sendable>: Sendable {
        var value: Value
        var line: Int
    }

    struct Auth: Sendable {
        var method: CredentialKind
        var line: Int
        var secrets: [SecretName: SecretReference]
    }

    /// The secrets a credential is made of, named as in the file (`token_env`, `client_secret_file`…).
    enum SecretName: String, CaseIterable, Sendable {
        case token
        case consumerKey = "consumer_key"
        case consumerSecret = "consumer_secret"
        case accessToken = "access_token"
        case accessTokenSecret = "access_token_secret"
        case clientId = "client_id"
        case clientSecret = "client_secret"

        /// The secrets each method needs, in the order they are reported.
        static func required(for method: CredentialKind) -> [SecretName] {
            switch method {
            case .bearer: [.token]
            case .oauth1: [.consumerKey, .consumerSecret, .accessToken, .accessTokenSecret]
            case .oauth2: [.clientId, .clientSecret]
            }
        }
    }

    /// Where one secret comes from: never the file itself, never the command line.
    struct SecretReference: Sendable, Equatable {
        enum Source: Sendable, Equatable {
            /// The name of an environment variable.
            case environment(String)
            /// A path, absolute or relative to the configuration file's directory.
            case file(String)
        }

        var source: Source
        /// The key it was given under, as a path (`auth.token_env`).
        var key: String
        var line: Int
    }

    struct Poll: Sendable, Equatable {
        /// Seconds between polls (the dashboard's; `snapshot` polls once).
        var interval: Double?
        var requestsPerMinute: Int?
        var maxConcurrent: Int?
        var connectTimeout: Double?
        var requestTimeout: Double?
    }
}
