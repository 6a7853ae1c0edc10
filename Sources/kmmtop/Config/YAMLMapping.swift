import Foundation
import MetricsServer
import Yams
import KeyMetrics

/// One YAML mapping of the configuration file, read key by key with errors that name the file, the line
/// and the key's full path (`poll.requests_per_minute`).
struct YAMLMapping {
    let file: String
    /// The path of this mapping (`""` for the top level, `"poll"`).
    let path: String
    let line: Int
    let pairs: [(key: String, keyLine: Int, value: Node)]

    init(_ node: Node, file: String, path: String) throws(ConfigError) {
        let line = node.mark?.line ?? 1
        guard let mapping = node.mapping else {
            throw ConfigError(
                file: file, line: line, key: path.isEmpty ? nil : path,
                "expected a mapping of keys to values, got \(YAMLMapping.describe(node))")
        }
        var pairs: [(key: String, keyLine: Int, value: Node)] = []
        for (key, value) in mapping {
            let keyLine = key.mark?.line ?? line
            guard let name = key.scalar?.string else {
                throw ConfigError(file: file, line: keyLine, key: path.isEmpty ? nil : path, "keys must be plain names")
            }
            if pairs.contains(where: { $0.key == name }) {
                throw ConfigError(file: file, line: keyLine, key: Self.join(path, name), "given twice")
            }
            pairs.append((name, keyLine, value))
        }
        self.file = file
        self.path = path
        self.line = line
        self.pairs = pairs
    }

    /// Refuses any key not in `allowed`, naming the valid ones.
    func checkKeys(_ allowed: [String]) throws(ConfigError) {
        for pair in pairs where !allowed.contains(pair.key) {
            throw ConfigError(
                file: file, line: pair.keyLine, key: keyPath(pair.key),
                "unknown key; valid keys\(path.isEmpty ? "" : " here"): \(allowed.joined(separator: ", "))")
        }
    }

    func keyPath(_ key: String) -> String { Self.join(path, key) }

    /// The value under `key`, unless absent or null (`key:` with nothing, `~`, `null`).
    func node(_ key: String) -> (node: Node, line: Int)? {
        guard let pair = pairs.first(where: { $0.key == key }), !Self.isNull(pair.value) else { return nil }
        return (pair.value, pair.value.mark?.line ?? pair.keyLine)
    }

    func mapping(_ key: String) throws(ConfigError) -> YAMLMapping? {
        guard let (node, _) = node(key) else { return nil }
        return try YAMLMapping(node, file: file, path: keyPath(key))
    }

    func string(_ key: String, expected: String = "a string") throws(ConfigError) -> (value: String, line: Int)? {
        guard let (node, line) = node(key) else { return nil }
        guard let scalar = node.scalar else { throw error(key, line: line, expected: expected, node: node) }
        return (scalar.string, line)
    }

    /// A whole number above 0.
    func positiveInt(_ key: String) throws(ConfigError) -> (value: Int, line: Int)? {
        guard let (node, line) = node(key) else { return nil }
        let expected = "a whole number above 0"
        guard let text = node.scalar?.string, let number = Int(text), number > 0 else {
            throw error(key, line: line, expected: expected, node: node)
        }
        return (number, line)
    }

    func bool(_ key: String) throws(ConfigError) -> (value: Bool, line: Int)? {
        guard let (node, line) = node(key) else { return nil }
        switch node.scalar?.string {
        case "true", "True", "TRUE", "yes", "on": return (true, line)
        case "false", "False", "FALSE", "no", "off": return (false, line)
        default: throw error(key, line: line, expected: "true or false", node: node)
        }
    }

    /// A duration above 0 (`10s`, `2m`, `1h30m`, `500ms`), in seconds; within `minimum`…`maximum` when given
    /// (each with a person's words for the limit).
    func duration(_ key: String, atMost maximum: (seconds: Double, words: String)? = nil, atLeast minimum: (seconds: Double, words: String)? = nil) throws(ConfigError) -> (seconds: Double, line: Int)? {
        guard let (node, line) = node(key) else { return nil }
        let expected = "a duration above 0 like 10s, 2m or 500ms"
        guard let text = node.scalar?.string else { throw error(key, line: line, expected: expected, node: node) }
        guard let millis = try? DurationText.milliseconds(text), millis > 0 else {
            throw error(key, line: line, expected: expected, node: node)
        }
        let seconds = Double(millis) / 1000
        if let maximum, seconds > maximum.seconds {
            throw ConfigError(file: file, line: line, key: keyPath(key), "at most \(maximum.words), got \(ConfigError.quote(text))")
        }
        if let minimum, seconds < minimum.seconds {
            throw ConfigError(file: file, line: line, key: keyPath(key), "at least \(minimum.words), got \(ConfigError.quote(text))")
        }
        return (seconds, line)
    }

    func error(_ key: String, line: Int, expected: String, node: Node) -> ConfigError {
        ConfigError(file: file, line: line, key: keyPath(key), "expected \(expected), got \(Self.describe(node))")
    }

    /// How a node is named in a message: a scalar quoted, otherwise its kind.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): ConfigError.quote(scalar.string)
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
