import Foundation

/// Turns text from the other side (a body, a server's message) into something safe to show in one line:
/// short, without control characters (no terminal escapes), and without any of our own secrets in it in
/// case the server echoes a header back.
struct Excerpt: Sendable {
    /// Secret values to blank out, longest first so one that contains another is caught whole.
    private let secrets: [String]

    init(secrets: [Secret] = []) {
        self.secrets = secrets.map { $0.reveal() }.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    static let maxCharacters = 80

    /// At most `limit` characters (an ellipsis included when cut); control and format characters become `�`, whitespace runs one space.
    func clean(_ text: String, limit: Int = Excerpt.maxCharacters) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "‹secret›")
        }
        var scalars: [Unicode.Scalar] = []
        var truncated = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t" {
                if scalars.isEmpty || scalars.last == " " { continue }
                scalars.append(" ")
            } else {
                let category = scalar.properties.generalCategory
                let unsafe = category == .control || category == .format || category == .unassigned
                    || category == .surrogate || category == .privateUse
                scalars.append(unsafe ? "\u{FFFD}" : scalar)
            }
            if scalars.count > limit {
                truncated = true
                break
            }
        }
        if truncated { scalars.removeLast(2) }
        while scalars.last == " " { scalars.removeLast() }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return truncated ? result + "…" : result
    }

    /// The start of a body as text (invalid UTF-8 repaired), cleaned.
    func clean(bytes: [UInt8], limit: Int = Excerpt.maxCharacters) -> String {
        clean(String(decoding: bytes.prefix(limit * 4), as: UTF8.self), limit: limit)
    }
}
