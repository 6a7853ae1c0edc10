import KeyMetrics

/// A breach that began, changed level or ended between two judgements of one view: what the alert
/// command gets as one JSON line, and what decides the bell.
public struct BreachChange: Sendable, Hashable {
    public var id: Breach.ID
    /// The row's group key, `nil` for the ALL row.
    public var key: String?
    public var name: String
    public var metric: Metric
    /// The level it holds now; `.ok` when it ended.
    public var level: Severity
    /// The level it held before (`.ok` when it began).
    public var previous: Severity
    /// The value now: the one it ended on once ended (`nil`: no data, a removed line, a vanished row).
    public var value: Double?
    /// The line of ``level``; once ended, the line of the level it held until then.
    public var limit: Double?
    public var onset: Int64

    /// Entered critical now (began critical, or rose to it).
    public var becameCritical: Bool { level == .crit && previous < .crit }

    /// The changes from the open breaches `before` to those open in `log` now, in the breach line's
    /// order, then the ended ones in the order of `before` (as the log closed them: with the value they
    /// ended on).
    public static func between(_ before: [Breach], _ log: BreachLog) -> [BreachChange] {
        let after = log.open
        let earlier = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Set(after.map(\.id))
        var changes: [BreachChange] = []
        for breach in after {
            let previous = earlier[breach.id]?.level ?? .ok
            guard previous != breach.level else { continue }
            changes.append(BreachChange(breach, level: breach.level, previous: previous))
        }
        for breach in before where !now.contains(breach.id) {
            changes.append(BreachChange(log.breach(breach.id) ?? breach, level: .ok, previous: breach.level))
        }
        return changes
    }

    init(_ breach: Breach, level: Severity, previous: Severity) {
        id = breach.id
        key = breach.key
        name = breach.name
        metric = breach.metric
        self.level = level
        self.previous = previous
        value = level == .ok ? breach.endValue : breach.lastValue
        limit = level == .ok ? breach.endLimit ?? breach.threshold.line(previous) : breach.threshold.line(level)
        onset = breach.onset
    }

    /// The JSON line: `key` (null for ALL), `name`, `metric` (the response key), `level` (`ok`, `warn`,
    /// `crit`), `value` and `limit` in the metric's unit (milliseconds, a fraction, a count), `onset`
    /// (epoch milliseconds) and `view` (the query it was judged on).
    public func jsonLine(view: ViewKey) -> String {
        func number(_ value: Double?) -> JSONText {
            guard let value, value.isFinite else { return .null }
            return .number(String(value))
        }
        let levels: [Severity: String] = [.ok: "ok", .warn: "warn", .crit: "crit"]
        let members: [String: JSONText] = [
            "key": key.map(JSONText.string) ?? .null,
            "name": .string(TextSanitizer.sanitize(name)),
            "metric": .string(metric.responseKey),
            "level": .string(levels[level] ?? "ok"),
            "value": number(value),
            "limit": number(limit),
            "onset": .number(String(onset)),
            "view": .string(view.description),
        ]
        return JSONText.object(members).line()
    }
}
