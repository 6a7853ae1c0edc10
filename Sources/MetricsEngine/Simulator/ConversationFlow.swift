/// A conversation's life after it opens: bot turns (for bot-first skills) ending in a bot close or a
/// hand-off to a human skill; human turns alternating with the consumer's, answered after a delay
/// that grows with the agent's load; the odd transfer; then a survey and a close by the agent, the
/// consumer, or the system once the consumer has gone quiet.
extension Simulator {
    mutating func open(skill: Int32) {
        openedConversations += 1
        let botFirst = model.skills[Int(skill)].botFirst
        let conversation = SimConversation(
            id: "c" + String(openedConversations), skill: skill, weight: rng.chance(0.1) ? 0.5 : 1,
            needsBot: botFirst, botRounds: rng.int(1...3), rounds: rng.int(2...6))
        let c: Int32
        if let free = freeConversations.popLast() {
            c = free
            let token = conversations[Int(c)].token
            conversations[Int(c)] = conversation
            conversations[Int(c)].token = token &+ 1
        } else {
            c = Int32(conversations.count)
            conversations.append(conversation)
        }
        emit(.conversationOpened(conversationId: conversation.id, skillId: model.skills[Int(skill)].id))
        emit(.consumerMessage(conversationId: conversation.id))
        enqueue(c)
        route(skill: skill, bots: botFirst)
    }

    /// Schedules the assigned agent's next message: a bot answers in seconds; a human reads, waits for
    /// their own backlog (`busyUntil`), then types, slower the more they hold.
    mutating func scheduleAgentTurn(_ c: Int32) {
        let conversation = conversations[Int(c)]
        let agent = Int(conversation.agent)
        let turn = SimStep.agentTurn(conversation: c, token: conversation.token)
        if model.agents[agent].isBot {
            schedule(turn, at: after(rng.double(1...4)))
            return
        }
        let load = agents[agent].assigned / model.agents[agent].maxSlots
        let read = after(rng.exponential(mean: 8))
        let typing = rng.logNormal(median: 20, sigma: 0.6) * (1 + 2 * load)
        let finish = max(read, agents[agent].busyUntil) + Int64(typing * 1000)
        agents[agent].busyUntil = finish
        schedule(turn, at: finish)
    }

    mutating func agentTurn(_ c: Int32) {
        let conversation = conversations[Int(c)]
        let agent = conversation.agent
        guard agent >= 0 else { return }
        let profile = model.agents[Int(agent)]
        if profile.isBot { return botTurn(c) }
        guard agents[Int(agent)].state == .online else {
            // On a break: the answer waits until they are back.
            let back = max(agents[Int(agent)].availableAt, clock)
            return schedule(.agentTurn(conversation: c, token: conversation.token), at: back + Int64(rng.double(5...60) * 1000))
        }
        if conversation.transfers < 2 && rng.chance(0.04) && transfer(c) { return }
        emit(.agentMessage(conversationId: conversation.id, agentId: profile.id))
        if conversation.rounds > 0 {
            conversations[Int(c)].rounds -= 1
            let reply = max(4, rng.logNormal(median: 60, sigma: 0.8))
            schedule(.consumerTurn(conversation: c, token: conversation.token), at: after(reply))
        } else {
            wrapUp(c)
        }
    }

    mutating func consumerTurn(_ c: Int32) {
        let conversation = conversations[Int(c)]
        emit(.consumerMessage(conversationId: conversation.id))
        scheduleAgentTurn(c)
    }

    mutating func botTurn(_ c: Int32) {
        let conversation = conversations[Int(c)]
        emit(.agentMessage(conversationId: conversation.id, agentId: model.agents[Int(conversation.agent)].id))
        conversations[Int(c)].botRounds -= 1
        let token = conversation.token
        if conversations[Int(c)].botRounds > 0 {
            schedule(.consumerTurn(conversation: c, token: token), at: after(max(3, rng.logNormal(median: 20, sigma: 0.6))))
            return
        }
        let r = rng.unit()
        if r < 0.35 {
            // The bot solved it.
            var t = clock
            if rng.chance(0.3) {
                t += Int64(rng.double(10...60) * 1000)
                schedule(.survey(conversation: c, token: token), at: t)
            }
            schedule(.close(conversation: c, token: token, by: .agent), at: t + Int64(rng.double(15...60) * 1000))
        } else if r < 0.45 {
            schedule(.close(conversation: c, token: token, by: .consumer), at: after(rng.double(10...90)))
        } else {
            schedule(.handoff(conversation: c, token: token), at: after(rng.double(2...6)))
        }
    }

    /// The bot passes the conversation to its skill's human hand-off skill: back to a queue.
    mutating func handoff(_ c: Int32) {
        let target = model.skills[Int(conversations[Int(c)].skill)].handoff
        emit(.conversationTransferred(conversationId: conversations[Int(c)].id, skillId: model.skills[Int(target)].id, agentId: nil))
        let bot = detach(c)
        conversations[Int(c)].skill = target
        conversations[Int(c)].needsBot = false
        enqueue(c)
        route(skill: target, bots: false)
        if bot >= 0 { routeSkills(of: bot) }
    }

    /// Instead of answering, the agent transfers: to a colleague on the same skill with room, or to
    /// another skill's queue. Returns false when there is nowhere to go.
    mutating func transfer(_ c: Int32) -> Bool {
        let conversation = conversations[Int(c)]
        let from = conversation.agent
        let pool = model.skills[Int(conversation.skill)].humans
        if rng.chance(0.4), let colleague = leastLoaded(pool, weight: conversation.weight, excluding: from) {
            emit(.conversationTransferred(conversationId: conversation.id, skillId: nil, agentId: model.agents[Int(colleague)].id))
            detach(c)
            attach(c, to: colleague)
            conversations[Int(c)].transfers += 1
            scheduleAgentTurn(c)
            routeSkills(of: from)
            return true
        }
        let others = model.humanSkills.filter { $0 != conversation.skill }
        guard !others.isEmpty else { return false }
        let target = rng.pick(others)
        emit(.conversationTransferred(conversationId: conversation.id, skillId: model.skills[Int(target)].id, agentId: nil))
        detach(c)
        conversations[Int(c)].skill = target
        conversations[Int(c)].transfers += 1
        enqueue(c)
        route(skill: target, bots: false)
        routeSkills(of: from)
        return true
    }

    /// After the last answer: the agent closes, or the consumer does, or the consumer goes quiet and
    /// the system closes it once idle; a survey answer sometimes comes first.
    mutating func wrapUp(_ c: Int32) {
        let token = conversations[Int(c)].token
        let r = rng.unit()
        if r < 0.72 {
            let by: ClosedBy = r < 0.45 ? .agent : .consumer
            var t = clock
            if rng.chance(0.35) {
                t += Int64(rng.double(15...90) * 1000)
                schedule(.survey(conversation: c, token: token), at: t)
            }
            schedule(.close(conversation: c, token: token, by: by), at: t + Int64(rng.double(20...150) * 1000))
        } else {
            schedule(.close(conversation: c, token: token, by: .system), at: after(rng.double(12...20) * 60))
        }
    }

    mutating func survey(_ c: Int32) {
        let scores = [5, 5, 5, 5, 5, 4, 4, 4, 3, 2, 1]
        emit(.surveyAnswered(conversationId: conversations[Int(c)].id, score: rng.pick(scores)))
    }

    mutating func close(_ c: Int32, by: ClosedBy) {
        emit(.conversationClosed(conversationId: conversations[Int(c)].id, closedBy: by))
        let agent = detach(c)
        conversations[Int(c)].open = false
        conversations[Int(c)].token &+= 1
        freeConversations.append(c)
        if agent >= 0 { routeSkills(of: agent) }
    }
}
