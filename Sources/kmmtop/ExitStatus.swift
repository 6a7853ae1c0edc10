import ArgumentParser
import MetricsClient

/// kmmtop's exit statuses (the BSD sysexits values), one per family of failure, the same for `watch`,
/// `serve` and `snapshot`, so a script can tell "fix the command" from "fix the credentials" from "try
/// again later".
enum ExitStatus: Int32, CaseIterable, Sendable {
    case ok = 0
    /// A bad flag, a bad configuration file, a request the server refused as invalid (EX_USAGE).
    case usage = 64
    /// A network failure: cannot resolve, connect, TLS, timeout (EX_UNAVAILABLE).
    case network = 69
    /// A server failure: 5xx, 404, 429 after the retries, a malformed response (EX_SOFTWARE).
    case server = 70
    /// Credentials refused (401/403) or a secret missing (EX_NOPERM).
    case auth = 77
    /// The terminal hung up (SIGHUP, or the tty went away under the board): 128 + SIGHUP.
    case hangup = 129

    init(_ category: ClientError.Category) {
        switch category {
        case .usage: self = .usage
        case .auth: self = .auth
        case .network: self = .network
        case .server: self = .server
        }
    }

    var exitCode: ExitCode { ExitCode(rawValue) }

    /// The table in `--help` (and the README).
    static let helpText = """
        Exit status:
          0   success
          64  usage: a bad flag or configuration file, a request refused as invalid
          69  network: cannot resolve, connect, TLS, timeout
          70  server: 5xx, 404, 429 after the retries, a malformed response
          77  authentication: 401/403, a secret missing or unreadable
        """

    /// The board's own statuses, for `kmmtop --help`.
    static let watchHelpText = """
        Exit status: 0 after q, Ctrl-C or SIGTERM; 129 when the terminal hangs up (SIGHUP, a closed \
        ssh session or window); 64 for a bad flag or configuration file, 77 for a secret that cannot be \
        read, 70 when the built-in demo server cannot start.
        """
}
