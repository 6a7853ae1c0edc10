import ArgumentParser
import Foundation
import MetricsClient

/// The flags that say which account to reach and how, shared by `snapshot` (and, later, the dashboard).
/// Flags override the configuration file; secrets never come from flags.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Configuration file (default: $XDG_CONFIG_HOME/kmmtop/config.yaml, else ~/.config/kmmtop/config.yaml).",
        valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var config: String?

    @Option(help: ArgumentHelp("The LivePerson account id (overrides 'account' in the configuration).", valueName: "id"))
    var account: String?

    @Option(help: ArgumentHelp(
        "Base URL of the API, e.g. http://127.0.0.1:8080; skips the domain look-up (overrides 'server' and 'domain').",
        valueName: "url"))
    var server: String?

    @Flag(name: .customLong("allow-insecure-http"), help: "Allow plain http:// to a host that is not loopback.")
    var allowInsecureHTTP = false

    @Option(name: .customLong("log-file"), help: ArgumentHelp(
        "Append logs to this file (default: none for snapshot; $XDG_STATE_HOME/kmmtop/kmmtop.log for the dashboard).", valueName: "path"), completion: .file())
    var logFile: String?

    func validate() throws {
        if let account, !ConfigLoader.isValidAccount(account) {
            throw ValidationError("--account must be letters, digits, '-' or '_'")
        }
        if let server {
            do throws(ConfigError) { _ = try ConfigLoader.baseURL(server) } catch {
                throw ValidationError("--server: \(error.message)")
            }
        }
    }
}

/// Where a command connects: the configured account, or the built-in demo when none is configured.
enum ConnectionTarget: Sendable {
    case demo
    case account(ClientConfiguration)
}

extension ConnectionTarget {
    /// Combines the configuration file and the flags (flags win) and reads the secrets.
    static func resolve(
        config: KmmtopConfig, options: ConnectionOptions, environment: [String: String]
    ) throws(ConfigError) -> ConnectionTarget {
        guard let account = options.account ?? config.account?.value else {
            if options.server != nil {
                throw ConfigError(key: "--server", "needs an account: give --account ID or 'account' in the configuration")
            }
            return .demo
        }
        var client = ClientConfiguration(account: account)
        if let server = options.server {
            do throws(ConfigError) { client.server = try ConfigLoader.baseURL(server) } catch {
                throw ConfigError(key: "--server", error.message)
            }
        } else if let server = config.server {
            client.server = server.value
        } else if let domain = config.domain {
            client.server = URL(string: "https://\(domain.value)")
        }
        if let csds = config.csdsURL { client.csdsBaseURL = csds.value }
        client.allowInsecureHTTP = options.allowInsecureHTTP || (config.allowInsecureHTTP ?? false)
        if let value = config.poll.requestsPerMinute { client.requestsPerMinute = value }
        if let value = config.poll.maxConcurrent { client.maxConcurrent = value }
        if let value = config.poll.connectTimeout { client.connectTimeoutSeconds = value }
        if let value = config.poll.requestTimeout { client.requestTimeoutSeconds = value }
        client.credentials = try credentials(config: config, environment: environment)
        return .account(client)
    }

    static func credentials(config: KmmtopConfig, environment: [String: String]) throws(ConfigError) -> ClientConfiguration.Credentials {
        guard let auth = config.auth else { return .none }
        func secret(_ name: KmmtopConfig.SecretName) throws(ConfigError) -> Secret {
            guard let reference = auth.secrets[name] else {
                throw ConfigError(file: config.file, line: auth.line, key: "auth", "\(name.rawValue) is missing")
            }
            return try SecretReader.read(reference, configFile: config.file, environment: environment)
        }
        switch auth.method {
        case .bearer:
            return .bearer(token: try secret(.token))
        case .oauth1:
            return .oauth1(
                consumerKey: try secret(.consumerKey), consumerSecret: try secret(.consumerSecret),
                token: try secret(.accessToken), tokenSecret: try secret(.accessTokenSecret))
        case .oauth2:
            return .oauth2(clientId: try secret(.clientId), clientSecret: try secret(.clientSecret))
        }
    }
}
