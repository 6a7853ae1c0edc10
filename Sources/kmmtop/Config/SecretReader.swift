import Foundation
import MetricsClient

/// Reads the secrets a configuration refers to: from an environment variable, or from a file only its
/// owner can read (mode 0600 or 0400). Errors name the variable or the file and the key that named it,
/// never the value.
enum SecretReader {
    static func read(
        _ reference: KmmtopConfig.SecretReference, configFile: String?, environment: [String: String]
    ) throws(ConfigError) -> Secret {
        switch reference.source {
        case .environment(let name):
            guard let value = environment[name] else {
                throw ConfigError(file: configFile, line: reference.line, key: reference.key, "the environment variable \(name) is not set", isSecretProblem: true)
            }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else {
                throw ConfigError(file: configFile, line: reference.line, key: reference.key, "the environment variable \(name) is empty", isSecretProblem: true)
            }
            return Secret(trimmed)
        case .file(let path):
            let resolved = resolve(path, relativeTo: configFile)
            do throws(ConfigError) {
                return try readFile(resolved)
            } catch {
                throw ConfigError(file: configFile, line: reference.line, key: reference.key, error.message, isSecretProblem: true)
            }
        }
    }

    /// `~/…` is the home directory; a relative path is relative to the configuration file's directory.
    static func resolve(_ path: String, relativeTo configFile: String?) -> String {
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + path.dropFirst(1)
        }
        guard !path.hasPrefix("/"), let configFile else { return path }
        return URL(fileURLWithPath: configFile).deletingLastPathComponent().appendingPathComponent(path).path
    }

    /// The file's content without surrounding whitespace; refused when group or others may read it.
    static func readFile(_ path: String) throws(ConfigError) -> Secret {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigError("cannot read secret file \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ConfigError("secret file \(path) is not a regular file") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw ConfigError(
                "secret file \(path) can be read by others (mode \(String(mode, radix: 8))); "
                    + "it must be readable by its owner only: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read secret file \(path): \(String(cString: strerror(errno)))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ConfigError("secret file \(path) is not UTF-8 text") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ConfigError("secret file \(path) is empty") }
        return Secret(trimmed)
    }
}
