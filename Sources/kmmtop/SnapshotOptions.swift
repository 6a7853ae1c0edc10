import ArgumentParser
import Dashboard
import Foundation
import KeyMetrics
import MetricsServer

/// What `kmmtop snapshot` asks for: grouping, window, metrics, sort and filters, turned into one
/// validated ``MetricsQuery`` by ``query(now:)``.
struct SnapshotOptions: ParsableArguments {
    enum Grouping: String, CaseIterable, ExpressibleByArgument {
        case skill
        case agentGroup
        case none

        var groupBy: GroupBy? {
            switch self {
            case .skill: .skillId
            case .agentGroup: .agentGroupId
            case .none: nil
            }
        }
    }

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table
        case json
        case csv
    }

    /// Availability, load, waits and closures: what a supervisor looks at first.
    static let defaultMetrics: [Metric] = [
        .onlineAgents, .backSoonAgents, .awayAgents, .availableSlots, .assignedConversations, .humanAgentLoad,
        .avgWaitTime, .avgWaitTimeFirstResponse, .avgTimeToResponse, .closedConversations,
    ]

    @Option(name: .customLong("group-by"), help: ArgumentHelp("Group rows by skill, agentGroup, or none (the account row only) (default: skill; with --check, the configuration's view).", valueName: "skill|agentGroup|none"))
    var groupBy: Grouping?

    @Option(help: ArgumentHelp("The time window ending now for by-time metrics: 15m, 1h, 4h, 24h, or any duration up to 24h (default: 1h; with --check, the configuration's view).", valueName: "duration"))
    var window: String?

    @Option(help: ArgumentHelp(
        "Metrics to show, comma-separated, by their API (snake_case) names (default: \(SnapshotOptions.defaultMetrics.map(\.wireName).joined(separator: ","))).",
        valueName: "a,b,c"), completion: .custom { _, _, prefix in Completions.metricList(prefix: prefix) })
    var metrics: String?

    @Option(help: ArgumentHelp("Sort the groups by a metric, as the API takes it: avgWaitTime:desc, key:asc, closedConversations:desc.", valueName: "metric:asc|desc"), completion: .custom { _, _, prefix in Completions.sortKeys(prefix: prefix) })
    var sort: String?

    @Option(name: .customLong("user-types"), help: ArgumentHelp("Only conversations handled by these user types.", valueName: "HUMAN,BOT"))
    var userTypes: String?

    @Flag(name: .customLong("include-sub-groups"), help: "Each agent group's values include its sub-groups.")
    var includeSubGroups = false

    @Option(name: .customLong("skill"), help: ArgumentHelp("Only this skill (repeatable).", valueName: "id"))
    var skills: [String] = []

    @Option(name: .customLong("group"), help: ArgumentHelp("Only this agent group (repeatable).", valueName: "id"))
    var groups: [String] = []

    @Option(name: .customLong("agent"), help: ArgumentHelp("Only this agent (repeatable).", valueName: "id"))
    var agents: [String] = []

    @Option(help: "Output format (default: table).")
    var format: Format?

    @Flag(help: ArgumentHelp(
        "Judge the snapshot against the configuration's thresholds and answer as a monitoring plugin does: one status line with performance data, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."))
    var check = false

    @Option(help: ArgumentHelp(
        "Give up after this long, as a duration (default: 50s with --check, under a monitoring system's usual 60s; else no limit).",
        valueName: "duration"))
    var timeout: String?

    var outputFormat: Format { format ?? .table }

    /// The overall time limit in milliseconds, or `nil` for none.
    func timeoutMillis() throws(ValidationError) -> Int64? {
        guard let timeout else { return check ? 50_000 : nil }
        let millis: Int64
        do throws(DurationText.ParseError) { millis = try DurationText.milliseconds(timeout) } catch {
            throw ValidationError("--timeout: \(error)")
        }
        guard millis > 0, millis <= 3_600_000 else {
            throw ValidationError("--timeout must be above 0 and at most 1h, got '\(timeout.sanitizedForMessage)'")
        }
        return millis
    }

    func validate() throws {
        if check, let format {
            throw ValidationError("--check prints the monitoring-plugin format; leave out --format \(format.rawValue)")
        }
        _ = try query(now: 0)
        _ = try timeoutMillis()
    }

    /// The metrics in the order asked for (the columns' order).
    func metricList() throws(ValidationError) -> [Metric] {
        guard let metrics else { return Self.defaultMetrics }
        var list: [Metric] = []
        for name in metrics.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let metric = Metric(wireName: name) else {
                let hint = Metric(responseKey: name).map { " (did you mean \($0.wireName)?)" } ?? ""
                throw ValidationError(
                    "--metrics: unknown metric '\(name.sanitizedForMessage)'\(hint); valid values: \(Metric.allCases.map(\.wireName).joined(separator: ", "))")
            }
            if !list.contains(metric) { list.append(metric) }
        }
        guard !list.isEmpty else { throw ValidationError("--metrics: name at least one metric") }
        return list
    }

    /// The window in milliseconds: above 0, at most 24 hours; without `--window`, the view's (a
    /// check's defaults are the board's) or an hour.
    func windowMillis(view: ViewSettings? = nil) throws(ValidationError) -> Int64 {
        guard let window else { return view?.windowMillis ?? 3_600_000 }
        let millis: Int64
        do throws(DurationText.ParseError) { millis = try DurationText.milliseconds(window) } catch {
            throw ValidationError("--window: \(error)")
        }
        guard millis > 0, millis <= RequestedTime.dayMillis else {
            throw ValidationError("--window must be above 0 and at most 24h, got '\(window.sanitizedForMessage)'")
        }
        return millis
    }

    /// The query for a window ending at `now` (epoch milliseconds); `also` adds metrics to fetch beyond
    /// the listed ones (a check fetches every metric it has a line for).
    ///
    /// `view` gives the defaults of the flags not given (a check judges what the board shows: its
    /// grouping, window, user types and sub-groups); without it they are skill, 1h, all users, off.
    func query(now: Int64, also extra: [Metric] = [], view: ViewSettings? = nil) throws(ValidationError) -> MetricsQuery {
        let listed = try metricList()
        let metrics = listed + extra.filter { !listed.contains($0) }
        let span = try windowMillis(view: view)
        let grouping = groupBy ?? view.map { $0.grouping == .skill ? Grouping.skill : .agentGroup } ?? .skill
        var sortOrder = SortOrder.default
        if let sort {
            do throws(MetricsRequestError) { sortOrder = try SortOrder(parsing: sort) } catch {
                throw ValidationError("--sort: \(error.message)")
            }
        }
        var types: Set<UserType>?
        if let userTypes {
            var parsed = Set<UserType>()
            for name in userTypes.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) where !name.isEmpty {
                guard let type = UserType(rawValue: name) else {
                    throw ValidationError("--user-types: unknown user type '\(name.sanitizedForMessage)'; valid values: HUMAN, BOT")
                }
                parsed.insert(type)
            }
            types = parsed.isEmpty ? nil : parsed
        } else if let viewTypes = view?.userTypes {
            types = [viewTypes]
        }
        for (flag, ids) in [("--skill", skills), ("--group", groups), ("--agent", agents)] {
            if let bad = ids.first(where: { id in id.isEmpty || id.unicodeScalars.contains { $0.properties.generalCategory == .control } }) {
                throw ValidationError("\(flag): not an id: '\(bad.sanitizedForMessage)'")
            }
        }
        return MetricsQuery(
            time: RequestedTime(from: now - span, to: now),
            agentIds: Self.idSet(agents), agentGroupIds: Self.idSet(groups), skillIds: Self.idSet(skills),
            userTypes: types, includeSubGroups: includeSubGroups || (view?.includeSubGroups ?? false),
            byTime: metrics.filter { $0.kind == .byTime }, currentValue: metrics.filter { $0.kind == .currentValue },
            sections: grouping.groupBy == nil ? [.all] : [.all, .groupBy], groupBy: grouping.groupBy,
            sort: sortOrder, sortGiven: sort != nil)
    }

    private static func idSet(_ ids: [String]) -> Set<String>? {
        let all = ids.flatMap { $0.split(separator: ",").map(String.init) }
        return all.isEmpty ? nil : Set(all)
    }
}
