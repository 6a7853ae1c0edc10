import KeyMetrics
import MetricsClient

/// A snapshot as an aligned text table, for people: the group's name, then one column per metric headed
/// by its ``MetricLabels`` label, with human units (``MetricText``). The `ALL` row (the account section)
/// comes first, then the groups in the server's order.
///
/// ```
/// SKILL          ONLINE  HLOAD   WAIT
/// ALL                42    81%  1m12s
/// Billing            12    75%    58s
/// 日本語サポート      3     –      –
/// ```
///
/// Names are sanitised (``TextSanitizer``) and cut to ``maxNameWidth`` columns; widths are display
/// widths (``DisplayWidth``), so wide characters line up. Every line ends in `\n` and has no trailing spaces.
public enum SnapshotTable {
    public static let maxNameWidth = 32
    public static let separator = "  "

    /// - Parameter metrics: the columns, in order; `nil` means the metrics the query asked for.
    public static func render(_ snapshot: Snapshot, metrics: [Metric]? = nil) -> String {
        let columns = metrics ?? snapshot.query.metrics
        var rows: [(name: String, values: MetricValues?)] = [("ALL", snapshot.all)]
        for group in snapshot.groups {
            rows.append((DisplayWidth.truncate(displayName(group), to: maxNameWidth), group.metrics))
        }
        let header = [firstColumnTitle(snapshot.query.groupBy)] + columns.map(MetricLabels.label)
        let body = rows.map { row in
            [row.name] + columns.map { MetricText.format(row.values?[$0], unit: $0.unit) }
        }
        let table = [header] + body
        let widths = header.indices.map { column in table.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        var out = ""
        for line in table {
            var cells: [String] = []
            for (column, cell) in line.enumerated() {
                cells.append(DisplayWidth.pad(cell, to: widths[column], column == 0 ? .left : .right))
            }
            out += trimTrailingSpaces(cells.joined(separator: separator)) + "\n"
        }
        return out
    }

    /// The group's name, sanitised; its key when the server knows no name (`"NA"` or empty).
    public static func displayName(_ group: MetricsResponse.Group) -> String {
        let name = group.keyDescription
        if name.isEmpty || name == "NA" { return TextSanitizer.sanitize("\(group.key) (NA)") }
        return TextSanitizer.sanitize(name)
    }

    static func firstColumnTitle(_ groupBy: GroupBy?) -> String {
        switch groupBy {
        case .skillId: "SKILL"
        case .agentGroupId: "GROUP"
        case nil: ""
        }
    }

    private static func trimTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
