/// Something the simulator will do at a given time. Conversation and arrival steps carry the token
/// their target had when they were scheduled; a step whose token is stale (the conversation was
/// reassigned or closed, the arrival stream was re-rated) is dropped, which is cheaper than removing it.
enum SimStep: Sendable, Hashable {
    case initialState(agent: Int32)
    case planDay(day: Int32)
    case surgeStart(Int32)
    case surgeEnd(Int32)
    case arrival(skill: Int32, token: Int32)
    case agentTurn(conversation: Int32, token: Int32)
    case consumerTurn(conversation: Int32, token: Int32)
    case survey(conversation: Int32, token: Int32)
    case close(conversation: Int32, token: Int32, by: ClosedBy)
    case handoff(conversation: Int32, token: Int32)
    case abandon(conversation: Int32, token: Int32)
    case shiftStart(agent: Int32)
    case shiftEnd(agent: Int32)
    case breakStart(agent: Int32)
    case breakEnd(agent: Int32)
}

/// A step in the queue, ordered by time and then by when it was scheduled, so ties break the same
/// way on every run and however `advance` is sliced.
struct ScheduledStep: Comparable, Sendable {
    var time: Int64
    var sequence: UInt64
    var step: SimStep

    static func < (a: ScheduledStep, b: ScheduledStep) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }

    static func == (a: ScheduledStep, b: ScheduledStep) -> Bool {
        a.time == b.time && a.sequence == b.sequence
    }
}
