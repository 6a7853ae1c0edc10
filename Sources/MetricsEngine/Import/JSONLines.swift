import Foundation
import KeyMetrics

/// Reads JSON Lines text into records, one result per non-blank line, so that a bad line is reported
/// with its number and reason and every good line is still kept.
public enum JSONLines {
    /// A line that could not be read, or that the engine refused.
    public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(line): \(reason)" }
    }

    /// Decodes every non-blank line (lines starting with `#` are comments) as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) -> [(line: Int, result: Result<T, LineError>)] {
        decode(type, from: Array(text.utf8))
    }

    /// The same from a file's bytes: a line that is not UTF-8 is reported by number and the rest kept.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> [(line: Int, result: Result<T, LineError>)] {
        let decoder = JSONDecoder()
        var results: [(line: Int, result: Result<T, LineError>)] = []
        var number = 0
        for rawBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard let raw = String(validating: rawBytes, as: UTF8.self) else {
                results.append((number, .failure(LineError(line: number, reason: "not UTF-8 text"))))
                continue
            }
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                results.append((number, .success(try decoder.decode(T.self, from: Data(line.utf8)))))
            } catch let error as DecodingError {
                results.append((number, .failure(LineError(line: number, reason: describe(error)))))
            } catch {
                results.append((number, .failure(LineError(line: number, reason: "not valid JSON"))))
            }
        }
        return results
    }

    /// A decoding error in a person's words, naming the field.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            var parts: [String] = []
            for component in context.codingPath + (key.map { [$0] } ?? []) {
                if let index = component.intValue {
                    parts.append("[\(index)]")
                } else {
                    parts.append((parts.isEmpty ? "" : ".") + component.stringValue)
                }
            }
            return parts.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context, key))'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context))' must be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context))' must be \(describe(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            let detail = context.debugDescription
            // Record types name themselves ("unknown event type 'x'; valid types: …").
            if detail.hasPrefix("unknown") && context.codingPath.last?.stringValue == "type" { return detail }
            if detail.hasPrefix("unknown") { return "field '\(path(context))': \(detail)" }
            return "field '\(path(context))' has an invalid value: \(detail.sanitizedForMessage)"
        @unknown default:
            return "could not be read"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type, is [Any].Type: "an array"
        default: "of another type (\(type))"
        }
    }
}
