import KeyMetrics

/// The reference implementation of one account's metrics: the world, the live state that events
/// change, and the by-time facts they leave behind.
///
/// A plain value with no clock and no locks: `ingest` and `evaluate` take "now" from the caller, so
/// every scenario in the tests is exact. ``SharedEngine`` puts it behind a lock with a clock.
public struct Engine: Sendable {
    public let settings: EngineSettings
    public private(set) var world = WorldIndex()
    public private(set) var agents: [AgentRuntime] = []
    public private(set) var conversations = OpenConversations()
    public private(set) var facts = FactStore()
    public private(set) var acceptedEvents = 0
    public private(set) var rejectedEvents = 0

    public init(settings: EngineSettings = EngineSettings()) {
        self.settings = settings
    }

    /// Adds a skill, a group or an agent. References must point at items added before.
    public mutating func add(_ item: WorldItem) throws(EventRejection) {
        try world.add(item)
        while agents.count < world.agents.count { agents.append(AgentRuntime()) }
    }

    /// Forgets by-time facts that no query can reach any more (older than the retention window).
    public mutating func advance(to now: Int64) {
        // Keep exactly what the oldest allowed window can reach (the grace minute included).
        let cutoff = RequestedTime.floorDiv(now - settings.retentionMillis, RequestedTime.minuteMillis) - 1
        facts.evict(before: Int32(clamping: cutoff))
        // The start of the last hour as a query for it at `now` finds it (see ``FactStore/anchorMinute``).
        facts.setAnchor(Int32(clamping: RequestedTime.floorDiv(now - 3_600_000, RequestedTime.minuteMillis)))
    }

    /// Applies one event, or refuses it with a reason and leaves everything as it was.
    public mutating func ingest(_ event: Event) throws(EventRejection) {
        do {
            try apply(event)
            acceptedEvents += 1
        } catch {
            rejectedEvents += 1
            throw error
        }
    }

    /// Applies `events` in order, as ``ingest(_:)`` one by one would, and returns the ones refused
    /// (with their positions). Faster than one by one: the by-time facts of the whole batch go into the
    /// store together (``FactStore/endBatch()``), and each event is read where it lies, not copied out.
    public mutating func ingest<Events: RandomAccessCollection<Event>>(contentsOf events: Events) -> [(index: Int, rejection: EventRejection)] {
        var refused: [(index: Int, rejection: EventRejection)] = []
        facts.beginBatch()
        let lent: Void? = events.withContiguousStorageIfAvailable { events in
            for index in events.indices {
                do throws(EventRejection) { try ingest(events[index]) } catch { refused.append((index, error)) }
            }
        }
        if lent == nil {
            for (offset, event) in events.enumerated() {
                do throws(EventRejection) { try ingest(event) } catch { refused.append((offset, error)) }
            }
        }
        facts.endBatch()
        return refused
    }

    // MARK: - Applying events

    /// Event times the engine takes: 2000-01-01 to 2100-01-01 (epoch ms). Anything else is a unit
    /// mistake (seconds for milliseconds) or garbage, and `--rebase-time` must never wrap it around.
    public static let eventTimes: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000

    private mutating func apply(_ event: Event) throws(EventRejection) {
        let t = event.time
        guard Self.eventTimes.contains(t) else {
            throw EventRejection("time \(t) is not between 2000 and 2100 in epoch milliseconds (seconds instead of milliseconds?)")
        }
        switch event.kind {
        case .agentState(let agentId, let state):
            let agent = try knownAgent(agentId)
            guard t >= agents[Int(agent)].lastStateTime else {
                throw EventRejection("agentState for agent '\(agentId.sanitizedForMessage)' goes back in time")
            }
            if agents[Int(agent)].state != state { agents[Int(agent)].stateSince = t }
            agents[Int(agent)].state = state
            agents[Int(agent)].lastStateTime = t

        case .conversationOpened(let id, let skillId):
            guard !id.isEmpty else { throw EventRejection("conversationId is empty") }
            guard conversations.position(of: id) == nil else {
                throw EventRejection("conversation '\(id.sanitizedForMessage)' is already open")
            }
            guard !skillId.isEmpty else { throw EventRejection("skillId is empty") }
            conversations.insert(ConversationRuntime(skill: world.internSkill(skillId), openedAt: t), for: id)

        case .consumerMessage(let id):
            let slot = try openConversation(id, at: t)
            var conversation = conversations.values[slot]
            if conversation.waitStart == nil { conversation.waitStart = t }
            conversation.lastMessageAt = t
            conversation.lastTime = t
            conversations.values[slot] = conversation

        case .agentAssigned(let id, let agentId, let weight):
            let slot = try openConversation(id, at: t)
            var conversation = conversations.values[slot]
            let agent = try knownAgent(agentId)
            guard !conversation.isAssigned else {
                let current = world.agents[Int(conversation.agent)].id
                throw EventRejection(
                    "conversation '\(id.sanitizedForMessage)' is already assigned to agent '\(current.sanitizedForMessage)'; use conversationTransferred")
            }
            let w = try validWeight(weight ?? 1)
            conversation.weight = w
            assign(&conversation, to: agent, at: t)
            conversation.lastTime = t
            conversations.values[slot] = conversation

        case .conversationTransferred(let id, let skillId, let agentId):
            let slot = try openConversation(id, at: t)
            var conversation = conversations.values[slot]
            guard skillId != nil || agentId != nil else {
                throw EventRejection("conversationTransferred needs a skillId, an agentId, or both")
            }
            let agent = try agentId.map { id throws(EventRejection) in try knownAgent(id) }
            if let skillId {
                guard !skillId.isEmpty else { throw EventRejection("skillId is empty") }
                conversation.skill = world.internSkill(skillId)
            }
            unassign(&conversation)
            if let agent {
                assign(&conversation, to: agent, at: t)
            } else {
                conversation.queuedSince = t
            }
            conversation.lastTime = t
            conversations.values[slot] = conversation

        case .agentMessage(let id, let agentId):
            let slot = try openConversation(id, at: t)
            var conversation = conversations.values[slot]
            let agent = try knownAgent(agentId)
            guard conversation.agent == agent else {
                throw EventRejection(
                    "agent '\(agentId.sanitizedForMessage)' is not assigned to conversation '\(id.sanitizedForMessage)'")
            }
            conversation.lastMessageAt = t
            conversation.lastTime = t
            if world.agentProfiles[Int(agent)].isHuman {
                recordHumanResponse(&conversation, agent: agent, at: t)
            }
            conversations.values[slot] = conversation

        case .conversationClosed(let id, let closedBy):
            let slot = try openConversation(id, at: t)
            var conversation = conversations.values[slot]
            var delta = ByTimeTotals()
            switch closedBy {
            case .agent: delta.closedByAgent = 1
            case .consumer: delta.closedByConsumer = 1
            case .system: delta.autoClosed = 1
            }
            delta.durationSum = t - conversation.openedAt
            delta.durationCount = 1
            record(delta, skill: conversation.skill, agent: conversation.attributedAgent, at: t)
            unassign(&conversation)
            conversations.remove(at: slot)

        case .surveyAnswered(let id, let score):
            let slot = try openConversation(id, at: t)
            let conversation = conversations.values[slot]
            guard (1...5).contains(score) else {
                throw EventRejection("score \(score) is out of range; a CSAT answer is 1 to 5")
            }
            var delta = ByTimeTotals()
            delta.csatCount = 1
            delta.csatTopTwo = score >= 4 ? 1 : 0
            record(delta, skill: conversation.skill, agent: conversation.attributedAgent, at: t)
            conversations.values[slot].lastTime = t
        }
    }

    /// A human message ends the consumer's wait, if there is one, and may be the conversation's first.
    private mutating func recordHumanResponse(_ conversation: inout ConversationRuntime, agent: WorldIndex.Index, at t: Int64) {
        var delta = ByTimeTotals()
        if let start = conversation.waitStart {
            delta.waitSum = t - start
            delta.waitCount = 1
            delta.responseSum = t - max(start, conversation.assignedAt)
            delta.responseCount = 1
            if !conversation.hadHumanMessage {
                delta.firstWaitSum = t - start
                delta.firstWaitCount = 1
            }
        }
        if !conversation.hadHumanMessage {
            delta.firstResponseSum = t - conversation.assignedAt
            delta.firstResponseCount = 1
        }
        conversation.waitStart = nil
        conversation.hadHumanMessage = true
        if !delta.isZero { record(delta, skill: conversation.skill, agent: agent, at: t) }
    }

    private mutating func record(_ delta: ByTimeTotals, skill: WorldIndex.Index, agent: WorldIndex.Index, at t: Int64) {
        let group = agent == WorldIndex.none ? WorldIndex.none : world.agentGroup[Int(agent)]
        let minute = RequestedTime.floorDiv(t, RequestedTime.minuteMillis)
        facts.record(
            delta, key: FactKey(skill: skill, group: group, agent: agent), minute: Int32(clamping: minute),
            atMinuteStart: t == minute &* RequestedTime.minuteMillis)
    }

    private mutating func assign(_ conversation: inout ConversationRuntime, to agent: WorldIndex.Index, at t: Int64) {
        conversation.agent = agent
        conversation.lastAgent = agent
        conversation.assignedAt = t
        conversation.queuedSince = nil
        agents[Int(agent)].assignedWeight += conversation.weight
        agents[Int(agent)].assignedCount += 1
    }

    private mutating func unassign(_ conversation: inout ConversationRuntime) {
        guard conversation.isAssigned else { return }
        let agent = Int(conversation.agent)
        agents[agent].assignedWeight = max(0, agents[agent].assignedWeight - conversation.weight)
        agents[agent].assignedCount -= 1
        conversation.agent = WorldIndex.none
    }

    private func knownAgent(_ id: String) throws(EventRejection) -> WorldIndex.Index {
        guard let agent = world.agent(id) else { throw EventRejection("unknown agent '\(id.sanitizedForMessage)'") }
        return agent
    }

    /// Where the open conversation `id` is in ``conversations``: one hash of its id per event, as the
    /// event's changes are written back through this position (a look-up and a write-back by key hashed
    /// the id twice, a tenth of ingest). Valid until the next insertion or removal.
    private func openConversation(_ id: String, at t: Int64) throws(EventRejection) -> Int {
        guard let slot = conversations.position(of: id) else {
            throw EventRejection("conversation '\(id.sanitizedForMessage)' is not open (never opened, or already closed)")
        }
        guard t >= conversations.values[slot].lastTime else {
            throw EventRejection("event for conversation '\(id.sanitizedForMessage)' goes back in time")
        }
        return slot
    }

    private func validWeight(_ weight: Double) throws(EventRejection) -> Int64 {
        guard let thousandths = Weight.thousandths(weight) else {
            throw EventRejection("weight \(weight) is invalid; it must be a number from 0.001 to 1000")
        }
        return thousandths
    }
}
