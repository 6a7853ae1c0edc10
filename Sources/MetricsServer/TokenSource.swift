import Foundation

/// Where bearer tokens come from: a file only its owner can read, and/or `KMMTOP_SERVE_TOKENS`.
/// Errors name the file and line, never a token's text.
public enum TokenSource {
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// The environment variable holding comma-separated tokens.
    public static let environmentVariable = "KMMTOP_SERVE_TOKENS"

    /// Reads a tokens file: one token per line, `#` comments and blank lines ignored. Refuses a file
    /// that group or others may read or write (only modes like 0600 and 0400 are accepted), since a
    /// token is a password.
    public static func load(file path: String) throws(LoadError) -> [String] {
        try parse(readProtectedFile(path, kind: "tokens file"), source: "tokens file \(path)")
    }

    /// The UTF-8 text of a file holding secrets, refused unless it is a regular file that neither group
    /// nor others may read or write (modes like 0600 and 0400). `kind` names the file in errors
    /// ("tokens file", "OAuth 1.0a keys file"); errors never quote the file's contents.
    static func readProtectedFile(_ path: String, kind: String) throws(LoadError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LoadError("cannot read \(kind) \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw LoadError("\(kind) \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw LoadError(
                "\(kind) \(path) is accessible by group or others (mode \(String(mode, radix: 8))); "
                    + "run 'chmod 600 \(path)' and start again")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadError("cannot read \(kind) \(path) as UTF-8 text")
        }
        return text
    }

    /// Tokens from the environment variable's value (comma-separated; blanks ignored).
    public static func fromEnvironment(_ value: String?) throws(LoadError) -> [String] {
        guard let value else { return [] }
        return try parse(value.split(separator: ",").joined(separator: "\n"), source: environmentVariable, numbered: false)
    }

    /// Tokens of a text, one per line; a token must be visible ASCII without spaces (what a header can carry).
    static func parse(_ text: String, source: String, numbered: Bool = true) throws(LoadError) -> [String] {
        var tokens: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
                let place = numbered ? "\(source) line \(index + 1)" : "an entry of \(source)"
                throw LoadError("\(place): a token must be printable ASCII without spaces")
            }
            if !tokens.contains(line) { tokens.append(line) }
        }
        return tokens
    }
}
