import KeyMetrics

/// Everything one group (or `all`) collects during a query, from which each metric is computed.
struct Accumulator {
    var present = false
    var byTime = ByTimeTotals()
    // Agents
    var online = 0
    var backSoon = 0
    var away = 0
    var availableSlots = 0
    // Weights in thousandths (``Weight``), exact.
    var loggedInWeight: Int64 = 0
    var loggedInSlots = 0
    var humanLoggedInWeight: Int64 = 0
    var humanLoggedInSlots = 0
    var humanOnlineWeight: Int64 = 0
    var humanOnlineSlots = 0
    var humanAwayWeight: Int64 = 0
    var humanAwaySlots = 0
    // Conversations
    var assigned = 0
    var active = 0
    var unassigned = 0
    var overdueInQueue = 0
    var overdueAssigned = 0
    /// The queued conversations' waits, for the percentiles: collected only when the query reads one
    /// (a metric asked for, or the sort). Sorting them for every query was 44% of a seed query at
    /// 5,000 agents, which asks for neither.
    var queueWaits: [Int64] = []
    let collectsQueueWaits: Bool

    init(collectsQueueWaits: Bool = false) {
        self.collectsQueueWaits = collectsQueueWaits
    }

    mutating func addAgent(_ agent: AgentProfile, _ runtime: AgentRuntime) {
        present = true
        let human = agent.isHuman
        let weight = runtime.assignedWeight
        switch runtime.state {
        case .online:
            online += 1
            // Free capacity, exact, floored to whole slots.
            availableSlots += Int(max(0, Int64(agent.maxSlots) * Weight.one - weight) / Weight.one)
            if human {
                humanOnlineWeight += weight
                humanOnlineSlots += agent.maxSlots
            }
        case .backSoon: backSoon += 1
        case .away:
            away += 1
            if human {
                humanAwayWeight += weight
                humanAwaySlots += agent.maxSlots
            }
        case .offline: break
        }
        if runtime.state.isLoggedIn {
            loggedInWeight += weight
            loggedInSlots += agent.maxSlots
            if human {
                humanLoggedInWeight += weight
                humanLoggedInSlots += agent.maxSlots
            }
        }
    }

    mutating func addConversation(_ conversation: ConversationRuntime, now: Int64, settings: EngineSettings) {
        present = true
        let overdue = conversation.waitStart.map { now - $0 > settings.overdueAfterMillis } ?? false
        if conversation.isAssigned {
            assigned += 1
            if let last = conversation.lastMessageAt, now - last <= settings.idleAfterMillis { active += 1 }
            if overdue { overdueAssigned += 1 }
        } else {
            unassigned += 1
            if overdue { overdueInQueue += 1 }
            if collectsQueueWaits { queueWaits.append(max(0, now - (conversation.queuedSince ?? conversation.openedAt))) }
        }
    }

    /// Call once the sweeps are done, before reading values.
    mutating func finish() {
        queueWaits.sort()
    }

    mutating func addFacts(_ totals: ByTimeTotals) {
        present = true
        byTime += totals
    }

    /// The value of one metric; `nil` is "no data" (an average without samples, a load over no slots).
    func value(_ metric: Metric) -> MetricValue? {
        func mean(_ sum: Int64, _ count: Int64) -> MetricValue? {
            count > 0 ? .double(Self.round(Double(sum) / Double(count), places: 3)) : nil
        }
        func ratio(_ thousandths: Int64, _ slots: Int) -> MetricValue? {
            slots > 0 ? .double(Self.round(Double(thousandths) / Double(Int64(slots) * Weight.one), places: 4)) : nil
        }
        let t = byTime
        switch metric {
        case .avgWaitTime: return mean(t.waitSum, t.waitCount)
        case .avgWaitTimeFirstResponse: return mean(t.firstWaitSum, t.firstWaitCount)
        case .avgTimeToResponse: return mean(t.responseSum, t.responseCount)
        case .avgTimeToFirstResponseFirstAssignment: return mean(t.firstResponseSum, t.firstResponseCount)
        case .closedConversations: return .long(t.closedByAgent + t.closedByConsumer + t.autoClosed)
        case .closedByAgent: return .long(t.closedByAgent)
        case .closedByConsumer: return .long(t.closedByConsumer)
        case .autoClosed: return .long(t.autoClosed)
        case .concludedConversations: return .long(t.closedByAgent + t.closedByConsumer)
        case .csat: return t.csatCount > 0 ? .double(Self.round(Double(t.csatTopTwo) / Double(t.csatCount), places: 4)) : nil
        case .avgConversationsDuration: return mean(t.durationSum, t.durationCount)
        case .assignedConversations: return .long(Int64(assigned))
        case .activeConversations: return .long(Int64(active))
        case .agentLoad: return ratio(loggedInWeight, loggedInSlots)
        case .humanAgentLoad: return ratio(humanLoggedInWeight, humanLoggedInSlots)
        case .humanOnlineLoad: return ratio(humanOnlineWeight, humanOnlineSlots)
        case .humanAwayLoad: return ratio(humanAwayWeight, humanAwaySlots)
        case .onlineAgents: return .long(Int64(online))
        case .backSoonAgents: return .long(Int64(backSoon))
        case .awayAgents: return .long(Int64(away))
        case .availableSlots: return .long(Int64(availableSlots))
        case .unassignedConversations: return .long(Int64(unassigned))
        case .openConversations: return .long(Int64(assigned + unassigned))
        case .overdueConversationsInQueue: return .long(Int64(overdueInQueue))
        case .overdueConversationsAssigned: return .long(Int64(overdueAssigned))
        case .overdueConversationsTotal: return .long(Int64(overdueInQueue + overdueAssigned))
        case .queueWaitTime50thPercentile: return percentile(0.5)
        case .queueWaitTime90thPercentile: return percentile(0.9)
        }
    }

    /// Nearest-rank percentile of the current queue waits; `nil` when the queue is empty. The waits are
    /// sorted once, by ``finish()``, not once per percentile.
    private func percentile(_ p: Double) -> MetricValue? {
        guard !queueWaits.isEmpty else { return nil }
        let sorted = queueWaits
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return .long(sorted[max(0, min(sorted.count - 1, rank - 1))])
    }

    static func round(_ value: Double, places: Int) -> Double {
        let scale = places == 3 ? 1000.0 : 10000.0
        return (value * scale).rounded() / scale
    }
}
