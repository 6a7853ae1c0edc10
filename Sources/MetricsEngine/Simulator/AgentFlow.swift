/// Agents' days: bots are always ONLINE; humans log in for a daily shift (jittered a little each
/// day), take short breaks (BACK_SOON) and a longer one (AWAY), and log out. Logging out hands their
/// conversations back to the skill queues so nothing is stranded with an OFFLINE agent.
extension Simulator {
    static let minuteMillis: Int64 = 60_000

    mutating func setState(_ agent: Int32, _ state: AgentState) {
        agents[Int(agent)].state = state
        emit(.agentState(agentId: model.agents[Int(agent)].id, state: state))
    }

    /// At `start`: bots ONLINE, humans ONLINE when `start` falls inside today's (or yesterday's) shift.
    mutating func initialState(_ agent: Int32) {
        let profile = model.agents[Int(agent)]
        if profile.isBot { return setState(agent, .online) }
        let day = ArrivalCurve.dayMillis
        var shiftStart = (clock - ((clock % day) + day) % day) + profile.shiftOffset
        if shiftStart > clock { shiftStart -= day }
        if clock < shiftStart + profile.shiftLength {
            agents[Int(agent)].shiftStartedAt = shiftStart
            agents[Int(agent)].shiftEndsAt = shiftStart + profile.shiftLength
            setState(agent, .online)
            schedule(.shiftEnd(agent: agent), at: shiftStart + profile.shiftLength)
            scheduleBreak(agent, within: rng.double(5...120))
        } else {
            agents[Int(agent)].shiftStartedAt = shiftStart
            setState(agent, .offline)
            schedule(.shiftStart(agent: agent), at: shiftStart + day)
        }
    }

    mutating func shiftStart(_ agent: Int32) {
        let length = model.agents[Int(agent)].shiftLength + Int64(rng.double(-15...15) * 60_000)
        agents[Int(agent)].shiftStartedAt = clock
        agents[Int(agent)].shiftEndsAt = clock + length
        setState(agent, .online)
        schedule(.shiftEnd(agent: agent), at: clock + length)
        scheduleBreak(agent, within: rng.double(60...150))
        routeSkills(of: agent)
    }

    mutating func shiftEnd(_ agent: Int32) {
        let held = agents[Int(agent)].conversations
        var skills: [Int32] = []
        for c in held {
            let skill = conversations[Int(c)].skill
            emit(.conversationTransferred(conversationId: conversations[Int(c)].id, skillId: model.skills[Int(skill)].id, agentId: nil))
            detach(c)
            enqueue(c)
            if !skills.contains(skill) { skills.append(skill) }
        }
        setState(agent, .offline)
        for skill in skills { route(skill: skill, bots: false) }
        let next = agents[Int(agent)].shiftStartedAt + ArrivalCurve.dayMillis + Int64(rng.double(-10...10) * 60_000)
        schedule(.shiftStart(agent: agent), at: max(next, clock + Self.minuteMillis))
    }

    mutating func scheduleBreak(_ agent: Int32, within minutes: Double) {
        schedule(.breakStart(agent: agent), at: after(minutes * 60))
    }

    mutating func breakStart(_ agent: Int32) {
        guard agents[Int(agent)].state == .online else { return }
        let long = rng.chance(0.3)
        let minutes = long ? rng.double(25...45) : rng.double(4...15)
        let back = after(minutes * 60)
        // No break that would run into the end of the shift.
        guard back + 10 * Self.minuteMillis < agents[Int(agent)].shiftEndsAt else { return }
        agents[Int(agent)].availableAt = back
        setState(agent, long ? .away : .backSoon)
        schedule(.breakEnd(agent: agent), at: back)
    }

    mutating func breakEnd(_ agent: Int32) {
        guard agents[Int(agent)].state != .offline else { return }
        setState(agent, .online)
        scheduleBreak(agent, within: rng.double(50...140))
        routeSkills(of: agent)
    }
}
