import KeyMetrics

/// A problem with the configuration, worded for a person: the file, line and key at fault when there
/// is one (`config.yaml:7: poll.requests_per_minute: expected a whole number above 0, got "lots"`), or
/// the flag. Never carries a secret's value.
struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    var file: String?
    var line: Int?
    var key: String?
    var message: String
    /// A secret could not be read (unset variable, missing or unsafe file): an authentication problem
    /// rather than a usage one (`kmmtop snapshot` exits 77, not 64).
    var isSecretProblem: Bool

    init(file: String? = nil, line: Int? = nil, key: String? = nil, _ message: String, isSecretProblem: Bool = false) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        self.isSecretProblem = isSecretProblem
    }

    var description: String {
        var out = ""
        if let file {
            out += file
            if let line { out += ":\(line)" }
            out += ": "
        }
        if let key { out += "\(key): " }
        return out + message
    }

    /// How a value a person wrote is quoted back in a message: control characters replaced, length capped.
    static func quote(_ text: String) -> String { "\"\(text.sanitizedForMessage)\"" }
}
