import ArgumentParser
import Foundation
import KeyMetrics
import MetricsServer

/// `kmmtop serve`'s access flags: which credentials the metrics route accepts. Every secret comes from
/// a file only its owner can read (or, for bearer tokens, the environment), never from argv, and no
/// secret is ever printed: errors name files and lines, the start-up log counts credentials.
struct ServeAccessOptions: ParsableArguments {
    @Flag(name: .customLong("no-auth"), help: "Accept requests without credentials (for demos on loopback).")
    var noAuth = false

    @Option(name: .customLong("tokens-file"), help: ArgumentHelp(
        "Bearer tokens, one per line ('#' comments); the file must not be readable by group or others (chmod 600).",
        valueName: "path"), completion: .file())
    var tokensFile: String?

    @Option(name: .customLong("oauth1-keys-file"), help: ArgumentHelp(
        "OAuth 1.0a app keys, one 'consumerKey consumerSecret token tokenSecret' per line ('#' comments); chmod 600.",
        valueName: "path"), completion: .file())
    var oauth1KeysFile: String?

    @Option(name: .customLong("oauth2-clients-file"), help: ArgumentHelp(
        "OAuth 2.0 clients for the sentinel token route, one 'clientId clientSecret' per line ('#' comments); chmod 600.",
        valueName: "path"), completion: .file())
    var oauth2ClientsFile: String?

    @Option(name: .customLong("oauth2-token-ttl"), help: ArgumentHelp(
        "Seconds an access token from the sentinel token route stays valid.", valueName: "seconds"))
    var oauth2TokenTTL = ServerSettings.AcceptedCredentials.defaultOAuth2TokenTTLSeconds

    func validate() throws {
        if noAuth && (tokensFile != nil || oauth1KeysFile != nil || oauth2ClientsFile != nil) {
            throw ValidationError("use either --no-auth or --tokens-file/--oauth1-keys-file/--oauth2-clients-file, not both")
        }
        guard (1...86_400 * 30).contains(oauth2TokenTTL) else {
            throw ValidationError("--oauth2-token-ttl must be from 1 to 2592000 seconds (30 days)")
        }
    }

    /// The credentials to accept, or `.none` with `--no-auth` or when nothing is configured on a loopback
    /// host (with a warning on stderr); refuses to start with nothing configured on any other host.
    func resolveAuth(host: String) throws -> ServerSettings.Auth {
        if noAuth { return .none }
        var accepted = ServerSettings.AcceptedCredentials(oauth2TokenTTLSeconds: oauth2TokenTTL)
        do throws(TokenSource.LoadError) {
            var tokens: [String] = []
            if let tokensFile { tokens += try TokenSource.load(file: tokensFile) }
            tokens += try TokenSource.fromEnvironment(ProcessInfo.processInfo.environment[TokenSource.environmentVariable])
            for token in tokens where !accepted.bearerTokens.contains(token) { accepted.bearerTokens.append(token) }
            if let oauth1KeysFile { accepted.oauth1Keys = try TokenSource.loadOAuth1Keys(file: oauth1KeysFile) }
            if let oauth2ClientsFile { accepted.oauth2Clients = try TokenSource.loadOAuth2Clients(file: oauth2ClientsFile) }
        } catch {
            throw CommandError(error.message)
        }
        guard accepted.isEmpty else { return .credentials(accepted) }
        // The demo case: nobody else can reach a loopback address, so serving it open is safe.
        if Loopback.isLoopback(host) {
            StandardStreams.errorLine(
                "warning: no bearer tokens configured; serving without authentication on \(host) (loopback only)")
            return .none
        }
        throw CommandError(
            "no bearer tokens configured (nor OAuth 1.0a app keys or OAuth 2.0 clients): give --tokens-file PATH, "
                + "--oauth1-keys-file PATH or --oauth2-clients-file PATH, or set \(TokenSource.environmentVariable), "
                + "or pass --no-auth to serve \(host) without authentication")
    }
}
