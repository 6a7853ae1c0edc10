/// A request that passed validation: typed, with paging and sort from the URL folded in.
///
/// Filters use `nil` for "no restriction" (the API treats an absent and an empty list alike).
public struct MetricsQuery: Sendable, Equatable {
    public var time: RequestedTime
    public var agentIds: Set<String>?
    public var agentGroupIds: Set<String>?
    public var skillIds: Set<String>?
    public var userTypes: Set<UserType>?
    public var includeSubGroups: Bool
    public var byTime: [Metric]
    public var currentValue: [Metric]
    public var sections: Set<ResponseSection>
    public var groupBy: GroupBy?
    public var offset: Int
    public var limit: Int
    public var sort: SortOrder
    /// Whether `sort` came from the URL: links repeat it only then.
    public var sortGiven: Bool
    /// The route the query was sent to.
    public var endpoint: Endpoint

    public static let maxLimit = 50
    public static let defaultLimit = 50

    public init(
        time: RequestedTime, agentIds: Set<String>? = nil, agentGroupIds: Set<String>? = nil,
        skillIds: Set<String>? = nil, userTypes: Set<UserType>? = nil, includeSubGroups: Bool = false,
        byTime: [Metric] = [], currentValue: [Metric] = [], sections: Set<ResponseSection> = [.all, .groupBy],
        groupBy: GroupBy? = nil, offset: Int = 0, limit: Int = MetricsQuery.defaultLimit,
        sort: SortOrder = .default, sortGiven: Bool = false, endpoint: Endpoint = .metrics
    ) {
        self.time = time
        self.agentIds = agentIds
        self.agentGroupIds = agentGroupIds
        self.skillIds = skillIds
        self.userTypes = userTypes
        self.includeSubGroups = includeSubGroups
        self.byTime = byTime
        self.currentValue = currentValue
        self.sections = sections
        self.groupBy = groupBy
        self.offset = offset
        self.limit = limit
        self.sort = sort
        self.sortGiven = sortGiven
        self.endpoint = endpoint
    }

    /// What the grouped section is keyed by on the wire: `skillId`, `agentGroupId`, or `agentId` on the
    /// agent view; `nil` when nothing is grouped.
    public var groupByField: String? {
        endpoint == .agentView ? "agentId" : groupBy?.rawValue
    }

    /// The name of the key sort in the `sort` parameter: `agentId` on the agent view, else `key`.
    public var sortKeyName: String { endpoint == .agentView ? "agentId" : "key" }

    /// Whether the answer has a grouped section.
    public var wantsGroups: Bool { sections.contains(.groupBy) && groupByField != nil }

    /// Every metric asked for, by-time first, each once, in request order. (Each list is without
    /// repeats, and no metric is of both kinds, so the two lists never share one.)
    public var metrics: [Metric] { byTime + currentValue }

    /// Validates a wire request and the URL's paging parameters (as the raw strings they arrived as).
    /// The time window is checked against "now" later, by ``RequestedTime/window(now:)``.
    /// `endpoint` adds its own rules: the agent view groups by agent (so `groupBy` is absent or `agentId`)
    /// and pages no further than the 1000th agent; the historical route has by-time metrics only.
    public init(
        request: MetricsRequest, offset: String? = nil, limit: String? = nil, sort: String? = nil, endpoint: Endpoint = .metrics
    ) throws(MetricsRequestError) {
        guard let filters = request.filters else {
            throw MetricsRequestError(field: "filters", message: "filters is required (it must contain at least time.from and time.to)")
        }
        guard let time = filters.time else {
            throw MetricsRequestError(field: "filters.time", message: "filters.time is required, even when only current-value metrics are asked for")
        }
        guard let from = time.from else {
            throw MetricsRequestError(field: "filters.time.from", message: "filters.time.from is required (epoch milliseconds)")
        }
        guard let to = time.to else {
            throw MetricsRequestError(field: "filters.time.to", message: "filters.time.to is required (epoch milliseconds)")
        }
        let byTime = try Self.metrics(request.metricsToRetrieveByTime, field: "metricsToRetrieveByTime", kind: .byTime)
        let current = try Self.metrics(
            request.metricsToRetrieveCurrentValue, field: "metricsToRetrieveCurrentValue", kind: .currentValue)

        var sections: Set<ResponseSection> = [.all, .groupBy]
        if let names = request.responseSections {
            sections = []
            for (index, name) in names.enumerated() {
                guard let section = ResponseSection(rawValue: name) else {
                    throw MetricsRequestError(
                        field: "responseSections[\(index)]",
                        message: "unknown response section '\(name.sanitizedForMessage)'; valid values: all, groupBy")
                }
                sections.insert(section)
            }
            if sections.isEmpty { sections = [.all, .groupBy] }
        }
        if case .historical = endpoint, !current.isEmpty {
            throw MetricsRequestError(
                field: "metricsToRetrieveCurrentValue",
                message: "the historical route answers by-time metrics only; current-value metrics have no history (ask the metrics route)")
        }
        var groupBy: GroupBy?
        if endpoint == .agentView {
            if let name = request.groupBy, name != "agentId" {
                throw MetricsRequestError(
                    field: "groupBy", message: "agent_view groups by agent: groupBy must be absent or 'agentId', got '\(name.sanitizedForMessage)'")
            }
        } else if let name = request.groupBy {
            guard let parsed = GroupBy(rawValue: name) else {
                throw MetricsRequestError(
                    field: "groupBy", message: "unknown groupBy '\(name.sanitizedForMessage)'; valid values: skillId, agentGroupId")
            }
            groupBy = parsed
        }
        if sections.contains(.groupBy) && groupBy == nil && endpoint != .agentView {
            throw MetricsRequestError(
                field: "groupBy",
                message: "groupBy is required when responseSections includes groupBy (or is absent); valid values: skillId, agentGroupId")
        }
        var userTypes: Set<UserType>?
        if let names = filters.userTypes, !names.isEmpty {
            var parsed = Set<UserType>()
            for (index, name) in names.enumerated() {
                guard let type = UserType(rawValue: name) else {
                    throw MetricsRequestError(
                        field: "filters.userTypes[\(index)]",
                        message: "unknown user type '\(name.sanitizedForMessage)'; valid values: HUMAN, BOT")
                }
                parsed.insert(type)
            }
            userTypes = parsed
        }
        let keyName = endpoint == .agentView ? "agentId" : "key"
        let offset = try Self.integer(offset, field: "offset", default: 0, range: 0...Int(Int32.max))
        let limit = try Self.integer(limit, field: "limit", default: Self.defaultLimit, range: 1...Self.maxLimit)
        if endpoint == .agentView, offset + limit > Endpoint.agentViewReach {
            throw MetricsRequestError(
                field: "offset",
                message: "offset + limit must not exceed \(Endpoint.agentViewReach) on agent_view, got \(offset) + \(limit); narrow the filters to reach further agents")
        }
        self.init(
            time: RequestedTime(from: from, to: to),
            agentIds: Self.idSet(filters.agentIds),
            agentGroupIds: Self.idSet(filters.agentGroupIds),
            skillIds: Self.idSet(filters.skillIds),
            userTypes: userTypes,
            includeSubGroups: filters.includeSubGroups ?? false,
            byTime: byTime,
            currentValue: current,
            sections: sections,
            groupBy: groupBy,
            offset: offset,
            limit: limit,
            sort: try sort.map { text throws(MetricsRequestError) in try SortOrder(parsing: text, keyName: keyName) } ?? .default,
            sortGiven: sort != nil,
            endpoint: endpoint
        )
    }

    private static func idSet(_ ids: [String]?) -> Set<String>? {
        guard let ids, !ids.isEmpty else { return nil }
        return Set(ids)
    }

    private static func metrics(_ names: [String]?, field: String, kind: Metric.Kind) throws(MetricsRequestError) -> [Metric] {
        var result: [Metric] = []
        for (index, name) in (names ?? []).enumerated() {
            var valid: String { Metric.all(kind).map(\.wireName).joined(separator: ", ") }
            guard let metric = Metric(wireName: name) else {
                throw MetricsRequestError(
                    field: "\(field)[\(index)]", message: "unknown metric '\(name.sanitizedForMessage)'; valid values: \(valid)")
            }
            guard metric.kind == kind else {
                let other = kind == .byTime ? "metricsToRetrieveCurrentValue" : "metricsToRetrieveByTime"
                throw MetricsRequestError(
                    field: "\(field)[\(index)]",
                    message: "'\(name)' is not a \(kind == .byTime ? "by-time" : "current-value") metric (it belongs in \(other)); valid values: \(valid)")
            }
            if !result.contains(metric) { result.append(metric) }
        }
        return result
    }

    private static func integer(_ text: String?, field: String, default value: Int, range: ClosedRange<Int>)
        throws(MetricsRequestError) -> Int
    {
        guard let text else { return value }
        guard let number = Int(text) else {
            throw MetricsRequestError(field: field, message: "\(field) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text.sanitizedForMessage)'")
        }
        guard range.contains(number) else {
            throw MetricsRequestError(field: field, message: "\(field) must be from \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return number
    }
}
