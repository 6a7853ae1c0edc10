import Foundation

/// OAuth credentials files for `kmmtop serve`, held to the same rules as the tokens file (a regular
/// file only its owner may read: mode 0600 or 0400, checked by ``TokenSource``). One credential a
/// line, fields separated by spaces or tabs, `#` comment lines and blank lines ignored. Errors name
/// the file, the line and the field, never a field's text.
extension TokenSource {
    /// `--oauth1-keys-file`: lines `consumerKey consumerSecret token tokenSecret`.
    public static func loadOAuth1Keys(file path: String) throws(LoadError) -> [OAuth1AppKey] {
        try parseOAuth1Keys(readProtectedFile(path, kind: "OAuth 1.0a keys file"), source: "OAuth 1.0a keys file \(path)")
    }

    /// `--oauth2-clients-file`: lines `clientId clientSecret`.
    public static func loadOAuth2Clients(file path: String) throws(LoadError) -> [OAuth2Client] {
        try parseOAuth2Clients(readProtectedFile(path, kind: "OAuth 2.0 clients file"), source: "OAuth 2.0 clients file \(path)")
    }

    static func parseOAuth1Keys(_ text: String, source: String) throws(LoadError) -> [OAuth1AppKey] {
        var keys: [OAuth1AppKey] = []
        for (line, fields) in try records(text, source: source, names: ["consumerKey", "consumerSecret", "token", "tokenSecret"]) {
            let key = OAuth1AppKey(consumerKey: fields[0], consumerSecret: fields[1], token: fields[2], tokenSecret: fields[3])
            if let earlier = keys.first(where: { $0.consumerKey == key.consumerKey && $0.token == key.token }) {
                if earlier == key { continue }
                throw LoadError("\(source) line \(line): this consumer key and token are already listed with other secrets")
            }
            keys.append(key)
        }
        return keys
    }

    static func parseOAuth2Clients(_ text: String, source: String) throws(LoadError) -> [OAuth2Client] {
        var clients: [OAuth2Client] = []
        for (line, fields) in try records(text, source: source, names: ["clientId", "clientSecret"]) {
            let client = OAuth2Client(clientId: fields[0], clientSecret: fields[1])
            if let earlier = clients.first(where: { $0.clientId == client.clientId }) {
                if earlier == client { continue }
                throw LoadError("\(source) line \(line): this client id is already listed with another secret")
            }
            clients.append(client)
        }
        return clients
    }

    /// The (1-based line number, fields) of every non-comment line, each with exactly `names.count`
    /// fields of printable ASCII (what a header or a form field carries without surprises).
    private static func records(_ text: String, source: String, names: [String]) throws(LoadError) -> [(Int, [String])] {
        var result: [(Int, [String])] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count == names.count else {
                throw LoadError(
                    "\(source) line \(index + 1): expected \(names.count) fields (\(names.joined(separator: " "))), found \(fields.count)")
            }
            for (field, name) in zip(fields, names) where !field.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) {
                throw LoadError("\(source) line \(index + 1): \(name) must be printable ASCII without spaces")
            }
            result.append((index + 1, fields))
        }
        return result
    }
}
