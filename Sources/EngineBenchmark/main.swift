// Engine benchmark: builds a large account (5,000 agents, 1,000 skills, 1,000,000 conversations in the
// last 24 hours by default), then prints how long ingest and typical queries take and how big the store
// is. Figures, not assertions: run `swift run -c release EngineBenchmark [conversations]`.
import Foundation
import KeyMetrics
import MetricsEngine

// `EngineBenchmark [conversations] [--export DIR]`: with --export, the facts and every query's answer
// are written to DIR for `benchmarks/compare-sql.py`.
let arguments = Array(CommandLine.arguments.dropFirst())
let conversationsPerDay = arguments.first.flatMap(Int.init) ?? 1_000_000
let exportDirectory = arguments.firstIndex(of: "--export").flatMap { arguments.indices.contains($0 + 1) ? URL(fileURLWithPath: arguments[$0 + 1]) : nil }
let agentCount = 5_000
let skillCount = 1_000
let groupCount = 100
let day: Int64 = 24 * 3_600_000
let now: Int64 = 1_764_000_000_000 - (1_764_000_000_000 % 60_000)
let start = now - day

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return .nan }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

/// xorshift64*: a fixed, fast sequence so every run measures the same data.
struct Random {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: Int) -> Int {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 0x2545_F491_4F6C_DD1D) % UInt64(bound))
    }
}

var random = Random()
var engine = Engine()
let rssBefore = residentMegabytes()
// World: a root, 9 regions, 90 teams; agents in teams with 1–4 skills; 5% bots.
try engine.add(.agentGroup(AgentGroup(id: "g0", name: "Contact Center")))
for g in 1..<groupCount {
    try engine.add(.agentGroup(AgentGroup(id: "g\(g)", name: "Group \(g)", parentId: g < 10 ? "g0" : "g\(g % 9 + 1)")))
}
for s in 0..<skillCount { try engine.add(.skill(Skill(id: "s\(s)", name: "Skill \(s)"))) }
var agentSkills: [[Int]] = []
for a in 0..<agentCount {
    let skills = (0..<(1 + random.next(4))).map { _ in random.next(skillCount) }
    agentSkills.append(skills)
    try engine.add(.agent(Agent(
        id: "a\(a)", name: "Agent \(a)", userType: a % 20 == 0 ? .bot : .human, groupId: "g\(10 + random.next(groupCount - 10))",
        skillIds: Array(Set(skills.map { "s\($0)" })), maxSlots: a % 20 == 0 ? 50 : 4)))
}
for a in 0..<agentCount {
    try engine.ingest(Event(time: start, .agentState(agentId: "a\(a)", state: [.online, .online, .away, .backSoon][a % 4])))
}

// Conversations: open, consumer message, assign, human reply, close, spread evenly over the day.
// Each is generated in time order; conversations overlap, as they do in real life. All events are made
// first, then ingested, so the ingest figure is the engine's alone (not the generator's).
/// The conversations' events in time order. A function, not top-level code: top-level variables are
/// main-actor globals, and every access to one checked the executor (a tenth of the figure was that).
func conversationEvents(random: inout Random, agentSkills: [[Int]]) -> [Event] {
    var events: [Event] = []
    events.reserveCapacity(conversationsPerDay * 5)
    var pending: [(time: Int64, event: Event)] = []
    let spacing = day / Int64(conversationsPerDay)
    for c in 0..<conversationsPerDay {
        let t = start + Int64(c) * spacing
        let agent = random.next(agentCount)
        let skill = agentSkills[agent][0]
        let id = "c\(c)"
        let reply = Int64(5_000 + random.next(120_000))
        let close = reply + Int64(60_000 + random.next(600_000))
        pending.append((t, Event(time: t, .conversationOpened(conversationId: id, skillId: "s\(skill)"))))
        pending.append((t, Event(time: t, .consumerMessage(conversationId: id))))
        pending.append((t + 1_000, Event(time: t + 1_000, .agentAssigned(conversationId: id, agentId: "a\(agent)", weight: nil))))
        pending.append((t + reply, Event(time: t + reply, .agentMessage(conversationId: id, agentId: "a\(agent)"))))
        if t + close < now {
            let by: ClosedBy = [.agent, .consumer, .system][c % 3]
            pending.append((t + close, Event(time: t + close, .conversationClosed(conversationId: id, closedBy: by))))
        }
        if pending.count > 50_000 || c == conversationsPerDay - 1 {
            pending.sort { $0.time < $1.time }
            let horizon = c == conversationsPerDay - 1 ? Int64.max : t
            let ready = pending.prefix { $0.time <= horizon }
            events.append(contentsOf: ready.map(\.event))
            pending.removeFirst(ready.count)
        }
    }
    return events
}

/// Ingests `events` as the server does (``SharedEngine/ingest(_:)``): ten minutes' worth at a time, what
/// the history fill hands over. Returns how many it took and refused.
func ingestAll(_ events: [Event], into engine: inout Engine) -> (ingested: Int, rejected: Int) {
    var rejected = 0
    var begin = 0
    while begin < events.count {
        let horizon = events[begin].time + 10 * 60_000
        var end = begin
        while end < events.count, events[end].time < horizon { end += 1 }
        rejected += engine.ingest(contentsOf: events[begin..<end]).count
        begin = end
    }
    return (events.count - rejected, rejected)
}

var events: [Event] = []
let generateSeconds = seconds { events = conversationEvents(random: &random, agentSkills: agentSkills) }
var ingested = 0
var rejected = 0
let ingestSeconds = seconds { (ingested, rejected) = ingestAll(events, into: &engine) }
events = []
engine.advance(to: now)

print("account: \(agentCount) agents, \(skillCount) skills, \(groupCount) groups, \(conversationsPerDay) conversations in 24 h")
print(String(format: "ingest: %d events in %.2f s (%.0f events/s), %d rejected; generating them took %.2f s", ingested, ingestSeconds, Double(ingested) / ingestSeconds, rejected, generateSeconds))
print(String(format: "store: %d fact keys, %d minute entries, %.1f MB held (%.1f bytes per entry), %d open conversations", engine.facts.keys.count, engine.facts.entryCount, Double(engine.facts.heldBytes) / 1e6, Double(engine.facts.heldBytes) / Double(max(1, engine.facts.entryCount)), engine.conversations.count))
print(String(format: "memory: %.0f MB resident (%.0f MB before the account)", residentMegabytes(), rssBefore))

let byTime = Metric.all(.byTime)
let current = Metric.all(.currentValue)
func query(_ groupBy: GroupBy?, hours: Int64, skills: Set<String>? = nil, agents: Set<String>? = nil, subGroups: Bool = false) -> MetricsQuery {
    MetricsQuery(
        time: RequestedTime(from: now - hours * 3_600_000, to: now), agentIds: agents, skillIds: skills,
        includeSubGroups: subGroups, byTime: byTime, currentValue: current,
        sections: groupBy == nil ? [.all] : [.all, .groupBy], groupBy: groupBy,
        sort: SortOrder(field: .metric(.avgWaitTime), direction: .desc))
}
let cases: [(String, MetricsQuery)] = [
    ("24 h, all metrics, by skill", query(.skillId, hours: 24)),
    ("24 h, all metrics, by agent group", query(.agentGroupId, hours: 24)),
    ("24 h, by agent group, sub-groups", query(.agentGroupId, hours: 24, subGroups: true)),
    ("1 h, all metrics, by skill", query(.skillId, hours: 1)),
    ("24 h, all section only", query(nil, hours: 24)),
    ("24 h, 10 skills filter, by skill", query(.skillId, hours: 24, skills: Set((0..<10).map { "s\($0)" }))),
    ("24 h, 50 agents filter, by group", query(.agentGroupId, hours: 24, agents: Set((0..<50).map { "a\($0)" }))),
]
// The other two routes: per agent, and the by-time metrics as a series (24 points of an hour; the page
// of 50 skills with the most closed conversations).
var agentView = query(nil, hours: 24)
agentView.sections = [.all, .groupBy]
agentView.endpoint = .agentView
var series = query(.skillId, hours: 24)
series.currentValue = []
series.sort = SortOrder(field: .metric(.closedConversations), direction: .desc)
series.endpoint = .historical(interval: 60)

/// Every query is run once to warm up, then all of them in turn, `RUNS` rounds (default 40): each
/// query's figure is its fastest run and, to say how noisy the machine was, its median. Rounds rather
/// than one query's runs back to back, because this machine's speed drifts by up to 2× over seconds;
/// interleaving gives every query the same quiet moments. With `ONLY` set, only the queries whose
/// name contains it are repeated (for profiling one).
var results: [String: QueryResult] = [:]
var seriesResult: SeriesResult?
var runs: [(name: String, query: MetricsQuery, run: () throws -> Void)] = cases.map { name, q in
    (name, q, { results[name] = try engine.evaluate(q, now: now) })
}
runs.append(("24 h, agent view", agentView, { results["24 h, agent view"] = try engine.evaluate(agentView, now: now) }))
runs.append(("24 h, historical by skill, 60 min", series, { seriesResult = try engine.evaluateSeries(series, now: now) }))
let only = ProcessInfo.processInfo.environment["ONLY"]
let rounds = max(1, ProcessInfo.processInfo.environment["RUNS"].flatMap(Int.init) ?? 40)
var times = [[Double]](repeating: [], count: runs.count)
for entry in runs { try entry.run() }
for _ in 0..<rounds {
    for (index, entry) in runs.enumerated() where only.map({ entry.name.contains($0) }) ?? true {
        times[index].append(try seconds(entry.run) * 1000)
    }
}

var exported: [ExportedCase] = []
for (index, entry) in runs.enumerated() {
    let sorted = times[index].sorted()
    let fastest = sorted.first ?? .nan
    let median = sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    let q = entry.query
    let window = try q.time.window(now: now)
    let route: String
    switch q.endpoint {
    case .agentView: route = "agent_view"
    case .historical: route = "historical"
    default: route = "metrics"
    }
    let groupBy: String? = route == "agent_view" ? "agent" : q.wantsGroups ? (q.groupBy == .skillId ? "skill" : "group") : nil
    var exportedCase = ExportedCase(
        name: entry.name, route: route, groupBy: groupBy, subGroups: q.includeSubGroups, skills: q.skillIds.map { $0.sorted() },
        agents: q.agentIds.map { $0.sorted() }, fromMinute: window.fromMinute, toMinute: window.toMinute, boundaries: nil,
        engineFastestMs: fastest, engineMedianMs: median)
    let detail: String
    if route == "historical" {
        exportedCase.boundaries = seriesResult?.plan.boundaries
        exportedCase.points = seriesResult?.points
        detail = "\(seriesResult?.points.count ?? 0) points × \(seriesResult?.points.first?.groupBy?.groups.count ?? 0) skills"
    } else {
        let result = results[entry.name]
        exportedCase.all = result?.all
        exportedCase.groups = result?.groups
        detail = "\(result?.groups?.count ?? 0) \(route == "agent_view" ? "agents" : "groups"), closed \(result?.all?[.closedConversations]?.description ?? "–")"
    }
    exported.append(exportedCase)
    print(String(format: "query %-36@ %7.2f ms (median %.2f)  (%@)", entry.name as NSString, fastest, median, detail as NSString))
}

if let exportDirectory {
    try Export.write(engine, cases: exported, to: exportDirectory)
    print("exported facts and answers to \(exportDirectory.path)")
}
