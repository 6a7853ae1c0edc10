/// Queues and routing: a conversation waits in its skill's queue (the bot queue while it still needs
/// a bot) and goes, first come first served, to the least-loaded ONLINE agent of that skill with room
/// for its weight. Routing reruns whenever a conversation queues or capacity frees up.
extension Simulator {
    /// Puts a conversation (already unassigned) at the back of its skill's queue; the consumer gives
    /// up if nobody takes it in time.
    mutating func enqueue(_ c: Int32) {
        conversations[Int(c)].token &+= 1
        let conversation = conversations[Int(c)]
        let entry = QueuedConversation(conversation: c, token: conversation.token)
        if conversation.needsBot {
            botQueues[Int(conversation.skill)].append(entry)
        } else {
            humanQueues[Int(conversation.skill)].append(entry)
        }
        let patience = max(180, rng.exponential(mean: 30 * 60))
        schedule(.abandon(conversation: c, token: conversation.token), at: after(patience))
    }

    /// Assigns queued conversations of `skill` while an agent has room.
    mutating func route(skill: Int32, bots: Bool) {
        while true {
            let head = bots ? botQueues[Int(skill)].first : humanQueues[Int(skill)].first
            guard let head else { return }
            guard isCurrent(head.conversation, head.token), conversations[Int(head.conversation)].agent < 0 else {
                if bots { botQueues[Int(skill)].removeFirst() } else { humanQueues[Int(skill)].removeFirst() }
                continue
            }
            let weight = conversations[Int(head.conversation)].weight
            let pool = bots ? model.skills[Int(skill)].bots : model.skills[Int(skill)].humans
            guard let agent = leastLoaded(pool, weight: weight, excluding: -1) else { return }
            if bots { botQueues[Int(skill)].removeFirst() } else { humanQueues[Int(skill)].removeFirst() }
            assign(head.conversation, to: agent)
        }
    }

    /// Reroutes every skill the agent serves, after it gained room or came ONLINE.
    mutating func routeSkills(of agent: Int32) {
        guard agents[Int(agent)].state == .online else { return }
        let profile = model.agents[Int(agent)]
        for skill in profile.skills { route(skill: skill, bots: profile.isBot) }
    }

    /// The ONLINE agent of `pool` with room for `weight` and the lowest load; ties go to the earlier one.
    func leastLoaded(_ pool: [Int32], weight: Double, excluding: Int32) -> Int32? {
        var best: Int32?
        var bestLoad = Double.infinity
        // Fields read one by one: binding an agent's whole record (its conversation list, a profile's
        // strings) retained and released them for every candidate of every routing.
        for agent in pool where agent != excluding {
            guard agents[Int(agent)].state == .online else { continue }
            let assigned = agents[Int(agent)].assigned
            let slots = model.agents[Int(agent)].maxSlots
            guard assigned + weight <= slots else { continue }
            let load = assigned / slots
            if load < bestLoad {
                best = agent
                bestLoad = load
            }
        }
        return best
    }

    mutating func assign(_ c: Int32, to agent: Int32) {
        let conversation = conversations[Int(c)]
        emit(.agentAssigned(conversationId: conversation.id, agentId: model.agents[Int(agent)].id, weight: conversation.weight))
        attach(c, to: agent)
        scheduleAgentTurn(c)
    }

    /// Bookkeeping of an assignment (the event is the caller's).
    mutating func attach(_ c: Int32, to agent: Int32) {
        conversations[Int(c)].agent = agent
        conversations[Int(c)].token &+= 1
        agents[Int(agent)].assigned += conversations[Int(c)].weight
        agents[Int(agent)].conversations.append(c)
    }

    /// Frees the conversation's agent, if any; returns who it was.
    @discardableResult
    mutating func detach(_ c: Int32) -> Int32 {
        let agent = conversations[Int(c)].agent
        guard agent >= 0 else { return -1 }
        agents[Int(agent)].assigned = max(0, agents[Int(agent)].assigned - conversations[Int(c)].weight)
        if let index = agents[Int(agent)].conversations.firstIndex(of: c) {
            agents[Int(agent)].conversations.swapAt(index, agents[Int(agent)].conversations.count - 1)
            agents[Int(agent)].conversations.removeLast()
        }
        conversations[Int(c)].agent = -1
        return agent
    }
}
