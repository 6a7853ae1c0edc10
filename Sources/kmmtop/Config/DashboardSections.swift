import Dashboard
import KeyMetrics
import MetricsServer
import TerminalUI
import Yams

/// The dashboard's two sections of the configuration file, interpreted:
///
/// ```yaml
/// view:
///   group_by: skill             # skill | agentGroup
///   window: 1h                  # 15m 1h 4h 24h (any duration up to 24h)
///   user_types: [HUMAN]         # [] or both = all
///   include_sub_groups: false
///   panels: [availability, load, waits, closures, queue]   # which, in what order
///   theme: dark                 # dark | light | mono
/// thresholds:                   # per metric (camelCase, as in the API's responses)
///   avgWaitTime:     { warn: 2m,  crit: 5m,  for: 30s }
///   humanAgentLoad:  { warn: 85%, crit: 95% }
///   onlineAgents:    { below_warn: 3, below_crit: 1 }
///   overrides:
///     "1641709730": { avgWaitTime: { warn: 30s, crit: 1m } }
/// ```
struct DashboardSections: Sendable, Equatable {
    var view = ViewSettings()
    var theme = ThemeName.dark
    var thresholds = DashboardSections.defaultThresholds
    /// The `alerts:` section (bell on, no command, when absent).
    var alerts = AlertSettings()
    /// `view.mouse`: clicks focus, select and sort (on unless set to false; read at start).
    var mouse = true
    /// `view.panels`: the panels on the board, in order (all five when absent).
    var panels = Panel.allCases

    static let thresholdKeys = ["warn", "crit", "below_warn", "below_crit", "for", "hysteresis"]

    static func parse(view: YAMLMapping?, thresholds: YAMLMapping?) throws(ConfigError) -> DashboardSections {
        var sections = DashboardSections()
        if let view { try parseView(view, into: &sections) }
        sections.thresholds = try thresholds.map { mapping throws(ConfigError) in try parseThresholds(mapping) } ?? defaultThresholds
        return sections
    }

    /// dashboard.md's example lines, used when the file has no `thresholds:` section (and in the demo),
    /// so a new board shows breaches out of the box. An empty `thresholds: {}` turns them all off.
    static let defaultThresholds = ThresholdSet(perMetric: [
        .avgWaitTime: Threshold(warn: 120_000, crit: 300_000, dwellMillis: 30_000),
        .humanAgentLoad: Threshold(warn: 0.85, crit: 0.95),
        .onlineAgents: Threshold(direction: .below, warn: 3, crit: 1),
    ])

    private static func parseView(_ view: YAMLMapping, into sections: inout DashboardSections) throws(ConfigError) {
        if let (name, line) = try view.string("group_by") {
            guard let grouping = ViewSettings.Grouping(rawValue: name) else {
                throw ConfigError(file: view.file, line: line, key: "view.group_by", "expected skill or agentGroup, got \(ConfigError.quote(name))")
            }
            sections.view.grouping = grouping
        }
        if let (seconds, _) = try view.duration("window", atMost: (24 * 3600, "24h (the API's longest window)"), atLeast: (60, "1m")) {
            sections.view.windowMillis = Int64(seconds * 1000)
        }
        if let (node, line) = view.node("user_types") {
            guard let items = node.sequence else {
                throw view.error("user_types", line: line, expected: "a list like [HUMAN]", node: node)
            }
            var types = Set<UserType>()
            for item in items {
                guard let text = item.scalar?.string, let type = UserType(rawValue: text) else {
                    throw view.error("user_types", line: item.mark?.line ?? line, expected: "HUMAN or BOT", node: item)
                }
                types.insert(type)
            }
            sections.view.userTypes = types.count == 1 ? types.first : nil
        }
        if let (flag, _) = try view.bool("include_sub_groups") { sections.view.includeSubGroups = flag }
        if let (flag, _) = try view.bool("mouse") { sections.mouse = flag }
        if let (node, line) = view.node("panels") { sections.panels = try parsePanels(view, node: node, line: line) }
        if let (name, line) = try view.string("theme") {
            guard let theme = ThemeName(rawValue: name) else {
                throw ConfigError(
                    file: view.file, line: line, key: "view.theme",
                    "expected one of \(ThemeName.allCases.map(\.rawValue).joined(separator: ", ")), got \(ConfigError.quote(name))")
            }
            sections.theme = theme
        }
    }

    /// `panels: [queue, availability]`: known names, each once, at least one.
    private static func parsePanels(_ view: YAMLMapping, node: Node, line: Int) throws(ConfigError) -> [Panel] {
        let names = Panel.allCases.map(\.configName).joined(separator: ", ")
        guard let items = node.sequence, !items.isEmpty else {
            throw view.error("panels", line: line, expected: "a list of one or more of \(names)", node: node)
        }
        var panels: [Panel] = []
        for item in items {
            let itemLine = item.mark?.line ?? line
            guard let text = item.scalar?.string, let panel = Panel(configName: text) else {
                throw view.error("panels", line: itemLine, expected: "one of \(names)", node: item)
            }
            guard !panels.contains(panel) else {
                throw ConfigError(file: view.file, line: itemLine, key: "view.panels", "\(ConfigError.quote(text)) is listed twice")
            }
            panels.append(panel)
        }
        return panels
    }

    private static func parseThresholds(_ mapping: YAMLMapping) throws(ConfigError) -> ThresholdSet {
        var set = ThresholdSet()
        for pair in mapping.pairs {
            if pair.key == "overrides" {
                guard let overrides = try mapping.mapping("overrides") else { continue }
                for group in overrides.pairs {
                    guard let perGroup = try overrides.mapping(group.key) else { continue }
                    var metrics: [Metric: Threshold] = [:]
                    for entry in perGroup.pairs {
                        let (metric, threshold) = try parseThreshold(perGroup, key: entry.key, line: entry.keyLine)
                        metrics[metric] = threshold
                    }
                    set.overrides[group.key] = metrics
                }
            } else {
                let (metric, threshold) = try parseThreshold(mapping, key: pair.key, line: pair.keyLine)
                set.perMetric[metric] = threshold
            }
        }
        return set
    }

    /// One `metric: { warn, crit, below_warn, below_crit, for, hysteresis }` entry.
    private static func parseThreshold(_ parent: YAMLMapping, key: String, line: Int) throws(ConfigError) -> (Metric, Threshold) {
        guard let metric = Metric(responseKey: key) else {
            throw ConfigError(
                file: parent.file, line: line, key: parent.keyPath(key),
                "unknown metric; use the API's response names, e.g. avgWaitTime, humanAgentLoad, onlineAgents")
        }
        guard let spec = try parent.mapping(key) else {
            throw ConfigError(file: parent.file, line: line, key: parent.keyPath(key), "expected { warn: …, crit: … }")
        }
        try spec.checkKeys(thresholdKeys)
        let above = (try value(spec, "warn", metric), try value(spec, "crit", metric))
        let below = (try value(spec, "below_warn", metric), try value(spec, "below_crit", metric))
        let isBelow = below.0 != nil || below.1 != nil
        if isBelow && (above.0 != nil || above.1 != nil) {
            throw ConfigError(file: spec.file, line: spec.line, key: spec.path, "give warn/crit or below_warn/below_crit, not both")
        }
        let (warn, crit) = isBelow ? below : above
        guard warn != nil || crit != nil else {
            throw ConfigError(file: spec.file, line: spec.line, key: spec.path, "needs warn and/or crit (or below_warn/below_crit)")
        }
        if let warn, let crit, isBelow ? warn < crit : warn > crit {
            throw ConfigError(
                file: spec.file, line: spec.line, key: spec.path,
                isBelow ? "below_warn must not be under below_crit" : "warn must not be above crit")
        }
        var threshold = Threshold(direction: isBelow ? .below : .above, warn: warn, crit: crit)
        if let (seconds, _) = try spec.duration("for", atMost: (24 * 3600, "24h")) { threshold.dwellMillis = Int64(seconds * 1000) }
        if let (text, line) = try spec.string("hysteresis") {
            guard let fraction = percent(text), fraction >= 0, fraction < 1 else {
                throw ConfigError(file: spec.file, line: line, key: spec.keyPath("hysteresis"), "expected a percentage like 5%, got \(ConfigError.quote(text))")
            }
            threshold.hysteresis = fraction
        }
        return (metric, threshold)
    }

    /// A line in the metric's unit: a duration for times, a percentage (or a fraction) for loads, a number for counts.
    private static func value(_ spec: YAMLMapping, _ key: String, _ metric: Metric) throws(ConfigError) -> Double? {
        guard let (text, line) = try spec.string(key) else { return nil }
        let parsed: Double?
        let expected: String
        switch metric.unit {
        case .milliseconds:
            parsed = (try? DurationText.milliseconds(text)).map(Double.init)
            expected = "a duration like 30s, 2m or 1h"
        case .fraction:
            parsed = percent(text) ?? Double(text)
            expected = "a percentage like 85%"
        case .count:
            parsed = Double(text)
            expected = "a number"
        }
        guard let parsed, parsed.isFinite, parsed >= 0 else {
            throw ConfigError(file: spec.file, line: line, key: spec.keyPath(key), "expected \(expected), got \(ConfigError.quote(text))")
        }
        // A line no value can reach is a typo (1e30), and refused: it would never fire and could not be printed.
        let limit: (Double, String) =
            switch metric.unit {
            case .milliseconds: (30 * 86_400_000, "30d")
            case .fraction: (99.99, "9999%")
            case .count: (1_000_000_000, "1000000000")
            }
        guard parsed <= limit.0 else {
            throw ConfigError(file: spec.file, line: line, key: spec.keyPath(key), "at most \(limit.1), got \(ConfigError.quote(text))")
        }
        return parsed
    }

    private static func percent(_ text: String) -> Double? {
        guard text.hasSuffix("%"), let number = Double(text.dropLast().trimmingCharacters(in: .whitespaces)) else { return nil }
        return number / 100
    }
}
