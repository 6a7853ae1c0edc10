import KeyMetrics
import MetricsClient

/// A snapshot as CSV (RFC 4180: CRLF line ends, fields quoted when they hold `,` `"` CR or LF, quotes
/// doubled), for spreadsheets and scripts.
///
/// ```
/// key,name,onlineAgents,humanAgentLoad,avgWaitTime
/// ,ALL,42,0.8125,72031.5
/// 1641709730,Billing,12,0.75,
/// ```
///
/// - The header names the columns by response key; the first row is the account section, with an empty
///   `key` and the name `ALL`; then the groups in the server's order.
/// - Numbers are raw (milliseconds, fractions); "no data" is an empty field.
/// - Text from the network is sanitised (``TextSanitizer``), and a text field starting with `=` `+` `-`
///   or `@` gets a leading `'`, so a spreadsheet never runs a name as a formula.
public enum SnapshotCSV {
    public static func render(_ snapshot: Snapshot, metrics: [Metric]? = nil) -> String {
        let columns = metrics ?? snapshot.query.metrics
        var lines = [(["key", "name"] + columns.map(\.responseKey)).map(field).joined(separator: ",")]
        func row(key: String, name: String, values: MetricValues?) -> String {
            let numbers = columns.map { metric in values?[metric].flatMap(MetricText.raw) ?? "" }
            return ([text(key), text(name)] + numbers.map(field)).joined(separator: ",")
        }
        lines.append(row(key: "", name: "ALL", values: snapshot.all))
        for group in snapshot.groups {
            lines.append(row(key: group.key, name: group.keyDescription, values: group.metrics))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// A text cell: sanitised, defused against formula injection, then quoted as needed.
    static func text(_ value: String) -> String {
        var cell = TextSanitizer.sanitize(value)
        if let first = cell.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { cell = "'" + cell }
        return field(cell)
    }

    /// RFC 4180 quoting.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return value
        }
        var quoted = "\""
        for character in value {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}
