/// Something that happened in the contact center, at `time` (epoch milliseconds).
///
/// Events arrive in time order per conversation and per agent; the engine rejects one that contradicts
/// what it knows (see ``EventRejection``) and keeps going.
public struct Event: Sendable, Hashable {
    public var time: Int64
    public var kind: Kind

    public init(time: Int64, _ kind: Kind) {
        self.time = time
        self.kind = kind
    }

    public enum Kind: Sendable, Hashable {
        case agentState(agentId: String, state: AgentState)
        case conversationOpened(conversationId: String, skillId: String)
        case consumerMessage(conversationId: String)
        /// `weight` defaults to 1.0.
        case agentAssigned(conversationId: String, agentId: String, weight: Double?)
        /// Moves the conversation to another skill and/or agent. With a skill and no agent it goes back
        /// to the queue of that skill.
        case conversationTransferred(conversationId: String, skillId: String?, agentId: String?)
        case agentMessage(conversationId: String, agentId: String)
        case conversationClosed(conversationId: String, closedBy: ClosedBy)
        /// A consumer's answer (1…5) to the CSAT question, given while the conversation is open.
        case surveyAnswered(conversationId: String, score: Int)
    }

    /// The conversation this event is about, if any.
    public var conversationId: String? {
        switch kind {
        case .agentState: nil
        case .conversationOpened(let id, _), .consumerMessage(let id), .agentAssigned(let id, _, _),
            .conversationTransferred(let id, _, _), .agentMessage(let id, _), .conversationClosed(let id, _),
            .surveyAnswered(let id, _):
            id
        }
    }

    /// The wire name of the event's type, as in the JSON Lines format.
    public var typeName: String {
        switch kind {
        case .agentState: "agentState"
        case .conversationOpened: "conversationOpened"
        case .consumerMessage: "consumerMessage"
        case .agentAssigned: "agentAssigned"
        case .conversationTransferred: "conversationTransferred"
        case .agentMessage: "agentMessage"
        case .conversationClosed: "conversationClosed"
        case .surveyAnswered: "surveyAnswered"
        }
    }
}

/// Why the engine refused an event or a world item; the state is exactly as before it.
public struct EventRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
