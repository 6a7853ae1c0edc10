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

    public static let maxLimit = 50
    public static let defaultLimit = 50

    public init(
        time: RequestedTime, agentIds: Set<String>? = nil, agentGroupIds: Set<String>? = nil,
        skillIds: Set<String>? = nil, userTypes: Set<UserType>? = nil, includeSubGroups: Bool = false,
        byTime: [Metric] = [], currentValue: [Metric] = [], sections: Set<ResponseSection> = [.all, .groupBy],
        groupBy: GroupBy? = nil, offset: Int = 0, limit: Int = MetricsQuery.defaultLimit,
        sort: SortOrder = .default, sortGiven: Bool = false
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
    }

    /// Every metric asked for, by-time first, each once, in request order.
    public var metrics: [Metric] {
        var seen = Set<Metric>()
        return (byTime + currentValue).filter { seen.insert($0).inserted }
    }

    /// Validates a wire request and the URL's paging parameters (as the raw strings they arrived as).
    /// The time window is checked against "now" later, by ``RequestedTime/window(now:)``.
    public init(request: MetricsRequest, offset: String? = nil, limit: String? = nil, sort: String? = nil)
        throws(MetricsRequestError)
    {
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
        var groupBy: GroupBy?
        if let name = request.groupBy {
            guard let parsed = GroupBy(rawValue: name) else {
                throw MetricsRequestError(
                    field: "groupBy", message: "unknown groupBy '\(name.sanitizedForMessage)'; valid values: skillId, agentGroupId")
            }
            groupBy = parsed
        }
        if sections.contains(.groupBy) && groupBy == nil {
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
            offset: try Self.integer(offset, field: "offset", default: 0, range: 0...Int(Int32.max)),
            limit: try Self.integer(limit, field: "limit", default: Self.defaultLimit, range: 1...Self.maxLimit),
            sort: try sort.map { text throws(MetricsRequestError) in try SortOrder(parsing: text) } ?? .default,
            sortGiven: sort != nil
        )
    }

    private static func idSet(_ ids: [String]?) -> Set<String>? {
        guard let ids, !ids.isEmpty else { return nil }
        return Set(ids)
    }

    private static func metrics(_ names: [String]?, field: String, kind: Metric.Kind) throws(MetricsRequestError) -> [Metric] {
        var result: [Metric] = []
        for (index, name) in (names ?? []).enumerated() {
            let valid = Metric.all(kind).map(\.wireName).joined(separator: ", ")
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
