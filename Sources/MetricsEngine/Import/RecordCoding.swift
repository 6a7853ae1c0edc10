import KeyMetrics

/// The JSON Lines record format shared by world files and event files: one flat JSON object per line,
/// with a `type` field that says what it is.
///
/// ```json
/// {"type":"skill","id":"11","name":"Billing"}
/// {"type":"agentGroup","id":"1","name":"Contact Center"}
/// {"type":"agent","id":"a1","name":"Ann","userType":"HUMAN","groupId":"1","skillIds":["11"],"maxSlots":4}
/// {"type":"agentState","time":1764036000000,"agentId":"a1","state":"ONLINE"}
/// {"type":"conversationOpened","time":1764036060000,"conversationId":"c1","skillId":"11"}
/// ```
private enum RecordKey: String, CodingKey {
    case type, time, id, name, parentId, userType, groupId, skillIds, maxSlots
    case agentId, state, conversationId, skillId, weight, closedBy, score
}

extension WorldItem: Codable {
    public static let typeNames = ["skill", "agentGroup", "agent"]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: RecordKey.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "skill":
            self = .skill(Skill(id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name)))
        case "agentGroup":
            self = .agentGroup(AgentGroup(
                id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                parentId: try c.decodeIfPresent(String.self, forKey: .parentId)))
        case "agent":
            self = .agent(Agent(
                id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                userType: try c.decode(UserType.self, forKey: .userType),
                groupId: try c.decode(String.self, forKey: .groupId),
                skillIds: try c.decode([String].self, forKey: .skillIds),
                maxSlots: try c.decode(Int.self, forKey: .maxSlots)))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown world record type '\(type.sanitizedForMessage)'; valid types: \(Self.typeNames.joined(separator: ", "))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: RecordKey.self)
        switch self {
        case .skill(let skill):
            try c.encode("skill", forKey: .type)
            try c.encode(skill.id, forKey: .id)
            try c.encode(skill.name, forKey: .name)
        case .agentGroup(let group):
            try c.encode("agentGroup", forKey: .type)
            try c.encode(group.id, forKey: .id)
            try c.encode(group.name, forKey: .name)
            try c.encodeIfPresent(group.parentId, forKey: .parentId)
        case .agent(let agent):
            try c.encode("agent", forKey: .type)
            try c.encode(agent.id, forKey: .id)
            try c.encode(agent.name, forKey: .name)
            try c.encode(agent.userType, forKey: .userType)
            try c.encode(agent.groupId, forKey: .groupId)
            try c.encode(agent.skillIds, forKey: .skillIds)
            try c.encode(agent.maxSlots, forKey: .maxSlots)
        }
    }
}

extension Event: Codable {
    public static let typeNames = [
        "agentState", "conversationOpened", "consumerMessage", "agentAssigned", "conversationTransferred",
        "agentMessage", "conversationClosed", "surveyAnswered",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: RecordKey.self)
        let type = try c.decode(String.self, forKey: .type)
        let time = try Self.decodeTime(c)
        func conversation() throws -> String { try c.decode(String.self, forKey: .conversationId) }
        let kind: Kind
        switch type {
        case "agentState":
            kind = .agentState(agentId: try c.decode(String.self, forKey: .agentId), state: try c.decode(AgentState.self, forKey: .state))
        case "conversationOpened":
            kind = .conversationOpened(conversationId: try conversation(), skillId: try c.decode(String.self, forKey: .skillId))
        case "consumerMessage":
            kind = .consumerMessage(conversationId: try conversation())
        case "agentAssigned":
            kind = .agentAssigned(
                conversationId: try conversation(), agentId: try c.decode(String.self, forKey: .agentId),
                weight: try c.decodeIfPresent(Double.self, forKey: .weight))
        case "conversationTransferred":
            kind = .conversationTransferred(
                conversationId: try conversation(), skillId: try c.decodeIfPresent(String.self, forKey: .skillId),
                agentId: try c.decodeIfPresent(String.self, forKey: .agentId))
        case "agentMessage":
            kind = .agentMessage(conversationId: try conversation(), agentId: try c.decode(String.self, forKey: .agentId))
        case "conversationClosed":
            kind = .conversationClosed(conversationId: try conversation(), closedBy: try c.decode(ClosedBy.self, forKey: .closedBy))
        case "surveyAnswered":
            kind = .surveyAnswered(conversationId: try conversation(), score: try c.decode(Int.self, forKey: .score))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown event type '\(type.sanitizedForMessage)'; valid types: \(Self.typeNames.joined(separator: ", "))")
        }
        self.init(time: time, kind)
    }

    /// `time`: whole epoch milliseconds. `1.5`, `1e400` or a string are refused naming the field.
    private static func decodeTime(_ c: KeyedDecodingContainer<RecordKey>) throws -> Int64 {
        if let whole = try? c.decode(Int64.self, forKey: .time) { return whole }
        let reason = "time must be a whole number of epoch milliseconds"
        guard let real = try? c.decode(Double.self, forKey: .time) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: reason)
        }
        guard real.isFinite, real == real.rounded(), abs(real) < 9e18 else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "\(reason), got \(real)")
        }
        return Int64(real)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: RecordKey.self)
        try c.encode(typeName, forKey: .type)
        try c.encode(time, forKey: .time)
        switch kind {
        case .agentState(let agent, let state):
            try c.encode(agent, forKey: .agentId)
            try c.encode(state, forKey: .state)
        case .conversationOpened(let conversation, let skill):
            try c.encode(conversation, forKey: .conversationId)
            try c.encode(skill, forKey: .skillId)
        case .consumerMessage(let conversation):
            try c.encode(conversation, forKey: .conversationId)
        case .agentAssigned(let conversation, let agent, let weight):
            try c.encode(conversation, forKey: .conversationId)
            try c.encode(agent, forKey: .agentId)
            try c.encodeIfPresent(weight, forKey: .weight)
        case .conversationTransferred(let conversation, let skill, let agent):
            try c.encode(conversation, forKey: .conversationId)
            try c.encodeIfPresent(skill, forKey: .skillId)
            try c.encodeIfPresent(agent, forKey: .agentId)
        case .agentMessage(let conversation, let agent):
            try c.encode(conversation, forKey: .conversationId)
            try c.encode(agent, forKey: .agentId)
        case .conversationClosed(let conversation, let closedBy):
            try c.encode(conversation, forKey: .conversationId)
            try c.encode(closedBy, forKey: .closedBy)
        case .surveyAnswered(let conversation, let score):
            try c.encode(conversation, forKey: .conversationId)
            try c.encode(score, forKey: .score)
        }
    }
}
