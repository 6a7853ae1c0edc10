/// The request body exactly as it travels: every field optional and every name a plain string, so that
/// decoding never fails on a value we could explain better. ``MetricsQuery/init(request:offset:limit:sort:)``
/// turns it into a validated, typed query, naming the field of the first problem it finds.
///
/// ```json
/// {"filters": {"time": {"from": 1591951787590, "to": 1591955386814}, "userTypes": ["HUMAN"]},
///  "groupBy": "agentGroupId", "responseSections": ["groupBy"],
///  "metricsToRetrieveCurrentValue": ["assigned_conversations"],
///  "metricsToRetrieveByTime": ["avg_wait_time"]}
/// ```
public struct MetricsRequest: Codable, Sendable, Equatable {
    public var filters: Filters?
    public var metricsToRetrieveByTime: [String]?
    public var metricsToRetrieveCurrentValue: [String]?
    public var responseSections: [String]?
    public var groupBy: String?

    public init(
        filters: Filters?, metricsToRetrieveByTime: [String]? = nil, metricsToRetrieveCurrentValue: [String]? = nil,
        responseSections: [String]? = nil, groupBy: String? = nil
    ) {
        self.filters = filters
        self.metricsToRetrieveByTime = metricsToRetrieveByTime
        self.metricsToRetrieveCurrentValue = metricsToRetrieveCurrentValue
        self.responseSections = responseSections
        self.groupBy = groupBy
    }

    public struct Filters: Codable, Sendable, Equatable {
        public var time: TimeRange?
        public var agentIds: [String]?
        public var agentGroupIds: [String]?
        public var skillIds: [String]?
        public var userTypes: [String]?
        public var includeSubGroups: Bool?

        public init(
            time: TimeRange?, agentIds: [String]? = nil, agentGroupIds: [String]? = nil, skillIds: [String]? = nil,
            userTypes: [String]? = nil, includeSubGroups: Bool? = nil
        ) {
            self.time = time
            self.agentIds = agentIds
            self.agentGroupIds = agentGroupIds
            self.skillIds = skillIds
            self.userTypes = userTypes
            self.includeSubGroups = includeSubGroups
        }
    }

    /// Epoch milliseconds, both bounds included; the server rounds `from` down and `to` up to the minute.
    public struct TimeRange: Codable, Sendable, Equatable {
        public var from: Int64?
        public var to: Int64?

        public init(from: Int64?, to: Int64?) {
            self.from = from
            self.to = to
        }
    }
}
