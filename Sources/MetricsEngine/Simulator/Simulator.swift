import DequeModule

/// A deterministic contact center: a generated world, agents on shifts and breaks, and conversations
/// arriving, queueing, being routed, answered, transferred and closed.
///
/// Everything is driven by one time-ordered queue of steps and one seeded random stream, consumed in
/// queue order; `advance` only decides how far to run. So the same config, start and calls give the
/// same events, and many small advances give exactly the events of one big one.
public struct Simulator: Sendable {
    /// Skills, then groups (parents before children), then agents — valid input for `Engine.add`, in order.
    public let world: [WorldItem]
    /// The simulated time reached so far.
    public private(set) var now: Int64

    let start: Int64
    let curve = ArrivalCurve()
    var model: SimulatedWorld
    var agents: [SimAgent]
    var conversations: [SimConversation] = []
    var freeConversations: [Int32] = []
    var humanQueues: [Deque<QueuedConversation>]
    var botQueues: [Deque<QueuedConversation>]
    /// Arrivals per millisecond per skill at the curve's mean, before surges.
    var baseRate: [Double]
    var surgeFactor: [Double]
    var arrivalTokens: [Int32]
    /// Every surge planned so far, in plan order (tests look for their effect).
    var surges: [Surge] = []
    var steps: StepCalendar
    var sequence: UInt64 = 0
    var rng: SeededRandom
    /// The time of the step being run: every event it emits carries it, so output never goes backwards.
    var clock: Int64
    var output: [Event] = []
    /// Conversations opened so far (also their ids).
    var openedConversations = 0

    struct QueuedConversation: Sendable {
        var conversation: Int32
        var token: Int32
    }

    /// `start`: epoch ms where simulated time begins (callers pass now − 24h, then advance to now to
    /// fill the last 24 hours).
    public init(config: SimulatorConfig, start: Int64) {
        let model = WorldGenerator.make(config)
        self.model = model
        self.world = model.items
        self.start = start
        self.now = start
        self.clock = start
        self.steps = StepCalendar(start: start)
        self.rng = SeededRandom(seed: config.seed &+ 0xD1CE_5EED)
        agents = [SimAgent](repeating: SimAgent(), count: model.agents.count)
        humanQueues = [Deque<QueuedConversation>](repeating: [], count: model.skills.count)
        botQueues = humanQueues
        let perDay = ArrivalCurve.dailyConversations(agents: config.agents)
        baseRate = model.skills.map { perDay * $0.demand / Double(ArrivalCurve.dayMillis) }
        surgeFactor = [Double](repeating: 1, count: model.skills.count)
        arrivalTokens = [Int32](repeating: 0, count: model.skills.count)

        for agent in model.agents.indices { schedule(.initialState(agent: Int32(agent)), at: start) }
        schedule(.planDay(day: 0), at: start)
        for skill in model.skills.indices { scheduleArrival(skill: Int32(skill)) }
    }

    /// Runs the simulation forward to `time` and returns every event with time in (now, time], in
    /// non-decreasing time order — except that the first call also returns each agent's initial
    /// state, stamped `start`. Calling it with a time ≤ now returns [].
    public mutating func advance(to time: Int64) -> [Event] {
        guard time > now else { return [] }
        while let scheduled = steps.popMin(notAfter: time) {
            clock = scheduled.time
            run(scheduled.step)
        }
        now = time
        clock = time
        // The next call's output starts with room for about as many events as this one's: grown from
        // empty by doubling, ten minutes at 5,000 agents were a dozen copies of up to 3 MB each.
        var events: [Event] = []
        events.reserveCapacity(output.count + output.count / 8)
        swap(&events, &output)
        return events
    }

    // MARK: - The queue

    mutating func schedule(_ step: SimStep, at time: Int64) {
        sequence += 1
        steps.insert(ScheduledStep(time: max(time, clock), sequence: sequence, step: step))
    }

    /// `clock` plus a number of seconds.
    func after(_ seconds: Double) -> Int64 { clock + Int64(seconds * 1000) }

    mutating func emit(_ kind: Event.Kind) {
        output.append(Event(time: clock, kind))
    }

    private mutating func run(_ step: SimStep) {
        switch step {
        case .initialState(let agent): initialState(agent)
        case .planDay(let day): planDay(day)
        case .surgeStart(let index): setSurge(index, active: true)
        case .surgeEnd(let index): setSurge(index, active: false)
        case .arrival(let skill, let token): arrival(skill: skill, token: token)
        case .agentTurn(let c, let token): if isCurrent(c, token) { agentTurn(c) }
        case .consumerTurn(let c, let token): if isCurrent(c, token) { consumerTurn(c) }
        case .survey(let c, let token): if isCurrent(c, token) { survey(c) }
        case .close(let c, let token, let by): if isCurrent(c, token) { close(c, by: by) }
        case .handoff(let c, let token): if isCurrent(c, token) { handoff(c) }
        case .abandon(let c, let token): if isCurrent(c, token) { close(c, by: .consumer) }
        case .shiftStart(let agent): shiftStart(agent)
        case .shiftEnd(let agent): shiftEnd(agent)
        case .breakStart(let agent): breakStart(agent)
        case .breakEnd(let agent): breakEnd(agent)
        }
    }

    func isCurrent(_ conversation: Int32, _ token: Int32) -> Bool {
        conversations[Int(conversation)].open && conversations[Int(conversation)].token == token
    }
}
