/// The small enumerations of the request body, each spelled exactly as on the wire.

/// Who conducted a conversation: a person or a bot. `filters.userTypes` takes these.
public enum UserType: String, CaseIterable, Sendable, Hashable, Codable {
    case human = "HUMAN"
    case bot = "BOT"
}

/// The field the `groupBy` section is keyed by.
public enum GroupBy: String, CaseIterable, Sendable, Hashable, Codable {
    case skillId
    case agentGroupId
}

/// Which parts of the response to return.
public enum ResponseSection: String, CaseIterable, Sendable, Hashable, Codable {
    case all
    case groupBy
}

/// Direction of a sort.
public enum SortDirection: String, CaseIterable, Sendable, Hashable {
    case asc
    case desc
}
