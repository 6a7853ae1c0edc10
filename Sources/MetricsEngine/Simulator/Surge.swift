/// A burst of demand on one skill (an outage, a campaign): its arrival rate is multiplied for a
/// while, which pushes its queue and waits up. A few are planned per simulated day.
struct Surge: Sendable, Hashable {
    var skill: Int32
    var multiplier: Double
    var start: Int64
    var end: Int64

    /// Plans the surges of the day starting at `dayStart`: 2–4, in busy hours, on human-routed skills.
    static func plan(dayStart: Int64, skills: [Int32], curve: ArrivalCurve, rng: inout SeededRandom) -> [Surge] {
        guard !skills.isEmpty else { return [] }
        let count = rng.int(2...4)
        var surges: [Surge] = []
        for _ in 0..<count {
            let duration = Int64(rng.double(20...40) * 60_000)
            var start = dayStart
            for _ in 0..<20 {
                start = dayStart + 1 + Int64(rng.unit() * Double(ArrivalCurve.dayMillis - duration - 1))
                if curve.level(at: start) >= 0.5 { break }
            }
            surges.append(Surge(skill: rng.pick(skills), multiplier: rng.double(3...5), start: start, end: start + duration))
        }
        return surges.sorted { $0.start < $1.start }
    }
}
