import Foundation
import MetricsClient
import Yams

/// Finds, reads and checks the configuration file (`config/kmmtop.yaml` is the documented example).
///
/// `--config FILE` if given (it must exist), else `$XDG_CONFIG_HOME/kmmtop/config.yaml` (default
/// `~/.config/kmmtop/config.yaml`), which may be absent: no file means no account, so demo mode. A bad
/// file is refused as a whole, with its file, line and key; nothing runs half-configured.
enum ConfigLoader {
    static let topLevelKeys = ["account", "domain", "server", "csds_url", "allow_insecure_http", "auth", "poll", "view", "thresholds", "alerts"]
    static let alertKeys = ["bell", "command"]
    static let authKeys = ["method"] + KmmtopConfig.SecretName.allCases.flatMap { ["\($0.rawValue)_env", "\($0.rawValue)_file"] }
    static let pollKeys = ["interval", "requests_per_minute", "max_concurrent", "connect_timeout", "request_timeout"]
    /// The dashboard's view settings (dashboard.md), interpreted by ``DashboardSections``.
    static let viewKeys = ["group_by", "window", "user_types", "include_sub_groups", "panels", "theme", "mouse"]

    /// The default path: `$XDG_CONFIG_HOME/kmmtop/config.yaml`, or `$HOME/.config/kmmtop/config.yaml`.
    static func defaultPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/kmmtop/config.yaml" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/kmmtop/config.yaml"
    }

    /// Loads `explicitPath`, or the default path if it exists, or returns an empty configuration.
    static func load(explicitPath: String?, environment: [String: String]) throws(ConfigError) -> KmmtopConfig {
        if let explicitPath { return try load(file: explicitPath) }
        guard let path = defaultPath(environment: environment), FileManager.default.fileExists(atPath: path) else {
            return KmmtopConfig()
        }
        return try load(file: path)
    }

    static func load(file: String) throws(ConfigError) -> KmmtopConfig {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let decoded = String(data: data, encoding: .utf8) else { throw ConfigError(file: file, "not UTF-8 text") }
            text = decoded
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("cannot read configuration file \(file): \(Self.reason(error))")
        }
        return try parse(text, file: file)
    }

    /// Parses configuration text; `file` is only for messages and for resolving relative secret paths.
    static func parse(_ text: String, file: String) throws(ConfigError) -> KmmtopConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file, text: text)
        } catch {
            throw ConfigError(file: file, "not valid YAML")
        }
        var config = KmmtopConfig()
        config.file = file
        guard let root, !YAMLMapping.isNull(root) else { return config }
        let top = try YAMLMapping(root, file: file, path: "")
        try top.checkKeys(topLevelKeys)

        if let (account, line) = try top.string("account") {
            guard Self.isValidAccount(account) else {
                throw ConfigError(file: file, line: line, key: "account", "expected an account id (letters, digits, '-' or '_'), got \(ConfigError.quote(account))")
            }
            config.account = .init(value: account, line: line)
        }
        if let (domain, line) = try top.string("domain") {
            guard Self.isHostName(domain) else {
                throw ConfigError(
                    file: file, line: line, key: "domain",
                    "expected a host name like va.amw.liveperson.net (for a full URL use server:), got \(ConfigError.quote(domain))")
            }
            config.domain = .init(value: domain, line: line)
        }
        for key in ["server", "csds_url"] {
            guard let (text, line) = try top.string(key) else { continue }
            let url: URL
            do throws(ConfigError) { url = try Self.baseURL(text) } catch {
                throw ConfigError(file: file, line: line, key: key, error.message)
            }
            if key == "server" { config.server = .init(value: url, line: line) } else { config.csdsURL = .init(value: url, line: line) }
        }
        if let server = config.server, config.domain != nil {
            throw ConfigError(file: file, line: server.line, key: "server", "give either domain or server, not both")
        }
        config.allowInsecureHTTP = try top.bool("allow_insecure_http")?.value

        if let auth = try top.mapping("auth") { config.auth = try parseAuth(auth) }
        if let poll = try top.mapping("poll") {
            try poll.checkKeys(pollKeys)
            config.poll.interval = try poll.duration("interval", atMost: (3600, "1h"), atLeast: (1, "1s"))?.seconds
            config.poll.requestsPerMinute = try poll.positiveInt("requests_per_minute")?.value
            config.poll.maxConcurrent = try poll.positiveInt("max_concurrent")?.value
            config.poll.connectTimeout = try poll.duration("connect_timeout", atMost: (600, "10m"))?.seconds
            config.poll.requestTimeout = try poll.duration("request_timeout", atMost: (600, "10m"))?.seconds
        }
        let view = try top.mapping("view")
        try view?.checkKeys(viewKeys)
        config.dashboard = try DashboardSections.parse(view: view, thresholds: try top.mapping("thresholds"))
        if let alerts = try top.mapping("alerts") {
            try alerts.checkKeys(alertKeys)
            if let (bell, _) = try alerts.bool("bell") { config.dashboard.alerts.bell = bell }
            if let (command, line) = try alerts.string("command") {
                guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ConfigError(file: alerts.file, line: line, key: "alerts.command", "expected a command to run, got an empty string")
                }
                config.dashboard.alerts.command = command
            }
        }
        return config
    }

    private static func parseAuth(_ auth: YAMLMapping) throws(ConfigError) -> KmmtopConfig.Auth {
        try auth.checkKeys(authKeys)
        let methods = CredentialKind.allCases.map(\.rawValue)
        guard let (name, methodLine) = try auth.string("method") else {
            throw ConfigError(file: auth.file, line: auth.line, key: "auth.method", "missing; valid values: \(methods.joined(separator: ", "))")
        }
        guard let method = CredentialKind(rawValue: name) else {
            throw ConfigError(
                file: auth.file, line: methodLine, key: "auth.method",
                "expected one of \(methods.joined(separator: ", ")), got \(ConfigError.quote(name))")
        }
        let required = KmmtopConfig.SecretName.required(for: method)
        var secrets: [KmmtopConfig.SecretName: KmmtopConfig.SecretReference] = [:]
        for secret in KmmtopConfig.SecretName.allCases {
            let envKey = "\(secret.rawValue)_env"
            let fileKey = "\(secret.rawValue)_file"
            let env = try auth.string(envKey, expected: "the name of an environment variable")
            let path = try auth.string(fileKey, expected: "a file path")
            if !required.contains(secret) {
                if let given = env.map({ (envKey, $0.line) }) ?? path.map({ (fileKey, $0.line) }) {
                    throw ConfigError(
                        file: auth.file, line: given.1, key: auth.keyPath(given.0),
                        "not used by method \(method.rawValue), which takes \(required.map { "\($0.rawValue)_env/_file" }.joined(separator: ", "))")
                }
                continue
            }
            switch (env, path) {
            case (let env?, nil):
                guard isEnvironmentName(env.value) else {
                    throw ConfigError(
                        file: auth.file, line: env.line, key: auth.keyPath(envKey),
                        "expected the name of an environment variable (letters, digits, '_'), got \(ConfigError.quote(env.value))")
                }
                secrets[secret] = .init(source: .environment(env.value), key: auth.keyPath(envKey), line: env.line)
            case (nil, let path?):
                guard !path.value.isEmpty else {
                    throw ConfigError(file: auth.file, line: path.line, key: auth.keyPath(fileKey), "expected a file path, got \"\"")
                }
                secrets[secret] = .init(source: .file(path.value), key: auth.keyPath(fileKey), line: path.line)
            case (_?, let path?):
                throw ConfigError(file: auth.file, line: path.line, key: auth.keyPath(fileKey), "give either \(envKey) or \(fileKey), not both")
            case (nil, nil):
                throw ConfigError(
                    file: auth.file, line: auth.line, key: "auth",
                    "method \(method.rawValue) needs \(envKey) or \(fileKey) (secrets come from the environment or a file, never from the configuration itself)")
            }
        }
        return KmmtopConfig.Auth(method: method, line: methodLine, secrets: secrets)
    }

    // MARK: - Checks shared with the flags

    static func isValidAccount(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func isHostName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 253
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == ":") }
    }

    static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.first, !first.isNumber else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// An absolute http(s) URL with a host and no query or fragment: where the API (or CSDS) lives.
    static func baseURL(_ text: String) throws(ConfigError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil, url.password == nil
        else {
            throw ConfigError("expected an absolute http:// or https:// URL with a host, like https://va.amw.liveperson.net, got \(ConfigError.quote(text))")
        }
        return url
    }

    private static func syntaxError(_ error: YamlError, file: String, text: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, "not valid YAML: \(problem)\(context.map { " (\($0.text))" } ?? "")")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the mapping; name the line where the key comes the second time.
            let key = duplicates.sorted().first ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let repeats = lines.indices.filter { index in
                index + 1 >= context.mark.line && Self.startsWithKey(lines[index], key)
            }
            let line = repeats.count >= 2 ? repeats[1] + 1 : context.mark.line
            return ConfigError(file: file, line: line, key: key, "given twice")
        case .reader(let problem, _, _, _):
            return ConfigError(file: file, "not valid YAML: \(problem)")
        default:
            return ConfigError(file: file, "not valid YAML")
        }
    }

    /// Whether a line of YAML sets `key` (`key:`, `"key":`, `'key':`, indented or not).
    private static func startsWithKey(_ line: Substring, _ key: String) -> Bool {
        let trimmed = line.drop(while: { $0 == " " || $0 == "-" })
        return ["\(key):", "\"\(key)\":", "'\(key)':"].contains { trimmed.hasPrefix($0) }
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        return nsError.localizedDescription
    }
}
