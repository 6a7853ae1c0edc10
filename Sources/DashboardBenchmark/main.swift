// Dashboard benchmark: a board with 2,000 skills and 200 agent groups (both groupings polled), the
// default thresholds, and the figures a supervisor feels: what one poll costs the reducer, what one
// frame costs the layout, what a clock tick and a key cost from action to frame. Figures, not
// assertions: `swift run -c release DashboardBenchmark`. The board's CPU over a minute, beside htop's,
// is `benchmarks/board-cpu.sh`.
import Dashboard
import Dispatch
import KeyMetrics
import MetricsClient

let skills = 2_000
let groups = 200
let t0: Int64 = 1_764_000_000_000

/// xorshift64*: the same data every run.
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

@MainActor func snapshot(_ key: ViewKey, at: Int64) -> Snapshot {
    let count = key.grouping == .skill ? skills : groups
    var rows: [MetricsResponse.Group] = []
    rows.reserveCapacity(count)
    for index in 0..<count {
        let online = Int64(random.next(40))
        var values: [(Metric, MetricValue?)] = [
            (.onlineAgents, .long(online)), (.backSoonAgents, .long(Int64(random.next(4)))), (.awayAgents, .long(Int64(random.next(6)))),
            (.availableSlots, .long(online * 2)), (.assignedConversations, .long(Int64(random.next(90)))),
            (.activeConversations, .long(Int64(random.next(60)))), (.agentLoad, .double(Double(random.next(1000)) / 1000)),
            (.humanAgentLoad, .double(Double(random.next(1000)) / 1000)), (.humanOnlineLoad, .double(Double(random.next(1000)) / 1000)),
            (.closedConversations, .long(Int64(random.next(500)))), (.closedByAgent, .long(Int64(random.next(200)))),
            (.closedByConsumer, .long(Int64(random.next(200)))), (.autoClosed, .long(Int64(random.next(100)))),
        ]
        for metric in [Metric.avgWaitTime, .avgWaitTimeFirstResponse, .avgTimeToResponse, .avgTimeToFirstResponseFirstAssignment] {
            values.append((metric, random.next(10) == 0 ? nil : .double(Double(random.next(600_000)))))
        }
        let name = key.grouping == .skill ? "Skill \(index) \(["Billing", "Sales", "Support", "Returns"][index % 4])" : "Group \(index)"
        rows.append(MetricsResponse.Group(key: String(100_000 + index), keyDescription: name, metrics: MetricValues(values)))
    }
    let all = MetricValues([(.onlineAgents, .long(9_000)), (.closedConversations, .long(40_000)), (.avgWaitTime, .double(80_000))])
    return Snapshot(query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, all: all, groups: rows, totalCount: count, requestCount: (count + 49) / 50)
}

let thresholds = ThresholdSet(perMetric: [
    .avgWaitTime: Threshold(warn: 120_000, crit: 300_000, dwellMillis: 30_000),
    .humanAgentLoad: Threshold(warn: 0.85, crit: 0.95),
    .onlineAgents: Threshold(direction: .below, warn: 3, crit: 1),
])

func nanoseconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func percentile(_ values: [Double], _ p: Double) -> Double { values.sorted()[min(values.count - 1, Int(Double(values.count) * p))] }
func ms(_ nanos: Double) -> String { String(Int((nanos / 1e6 * 1000).rounded())) .padded() + " µs" }

extension String {
    func padded() -> String { String(repeating: " ", count: max(0, 7 - count)) + self }
}

// A board at 120×40 with one poll of both groupings on screen.
var state = DashboardState(account: "90412345", isDemo: false, pollIntervalMillis: 10_000, requestsPerMinute: 6_000, thresholds: thresholds)
_ = reduce(&state, .resize(.init(columns: 120, rows: 40)))
var now = t0
@MainActor func poll() {
    _ = reduce(&state, .tick(now: now))
    for request in state.plan.views.values.compactMap(\.inFlight).sorted(by: { $0.id < $1.id }) {
        _ = reduce(&state, .fetched(FetchResult(request: request, outcome: .success(snapshot(request.key, at: request.windowEnd)), finishedAt: now + 300, requestCount: 41)))
    }
}
poll()

// 1. One poll: two 2,000- and 200-row snapshots through diff, breaches, history and the row caches.
var pollTimes: [Double] = []
var snapshots: [(FetchRequest, Snapshot)] = []
for _ in 0..<20 {
    now += 10_000
    _ = reduce(&state, .tick(now: now))
    let requests = state.plan.views.values.compactMap(\.inFlight).sorted { $0.id < $1.id }
    let answers = requests.map { ($0, snapshot($0.key, at: $0.windowEnd)) }  // built outside the timing
    pollTimes.append(nanoseconds {
        for (request, answer) in answers {
            _ = reduce(&state, .fetched(FetchResult(request: request, outcome: .success(answer), finishedAt: now + 300, requestCount: 41)))
        }
    })
    snapshots = answers
}

// 2. One frame of the board as it stands.
var frameTimes: [Double] = []
var frame = layout(state, size: state.size)
for _ in 0..<200 { frameTimes.append(nanoseconds { frame = layout(state, size: state.size) }) }

// 3. A clock tick, action to frame: the header moves, nothing is re-sorted.
var tickTimes: [Double] = []
for step in 0..<200 {
    let at = now + 400 + Int64(step) * 5
    tickTimes.append(nanoseconds {
        _ = reduce(&state, .tick(now: at))
        frame = layout(state, size: state.size)
    })
}

// 4. Keys, action to frame: moving the selection, and changing a sort (one panel re-sorted).
var keyTimes: [Double] = []
var sortTimes: [Double] = []
for step in 0..<200 {
    keyTimes.append(nanoseconds {
        _ = reduce(&state, .key(step % 2 == 0 ? .down : .pageDown))
        frame = layout(state, size: state.size)
    })
}
for step in 0..<40 {
    sortTimes.append(nanoseconds {
        _ = reduce(&state, .key(step % 2 == 0 ? .right : .left))
        frame = layout(state, size: state.size)
    })
}
_ = frame.width

print("kmmtop dashboard benchmark: \(skills) skills + \(groups) agent groups, both polled, 120×40, default thresholds")
print("  reduce, one poll (both groupings)  p50 \(ms(median(pollTimes)))   p90 \(ms(percentile(pollTimes, 0.9)))")
print("  layout, one frame                  p50 \(ms(median(frameTimes)))   p90 \(ms(percentile(frameTimes, 0.9)))")
print("  clock tick → frame                 p50 \(ms(median(tickTimes)))   p90 \(ms(percentile(tickTimes, 0.9)))")
print("  key (↓, PgDn) → frame              p50 \(ms(median(keyTimes)))   p90 \(ms(percentile(keyTimes, 0.9)))")
print("  key (← → re-sort) → frame          p50 \(ms(median(sortTimes)))   p90 \(ms(percentile(sortTimes, 0.9)))")
print("  open breaches on screen: \(state.shown.breaches.openCount)")
