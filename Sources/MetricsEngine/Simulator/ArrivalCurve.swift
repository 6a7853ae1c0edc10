import Foundation

/// How busy the contact center is through the day: a bell around 14:00 UTC over a night floor
/// of 12 % of the peak. Arrival rates are the curve times a per-skill base rate.
struct ArrivalCurve: Sendable {
    static let dayMillis: Int64 = 86_400_000
    static let peakHour = 14.0
    static let floor = 0.12

    /// The curve's peak (the thinning bound) and its mean over a day (to hit a daily volume).
    let peak: Double = 1
    let mean: Double

    init() {
        var sum = 0.0
        for minute in 0..<1440 { sum += Self.level(hour: Double(minute) / 60) }
        mean = sum / 1440
    }

    /// The curve at an epoch time, from its hour of day in UTC.
    func level(at time: Int64) -> Double {
        let ms = ((time % Self.dayMillis) + Self.dayMillis) % Self.dayMillis
        return Self.level(hour: Double(ms) / 3_600_000)
    }

    static func level(hour: Double) -> Double {
        // Distance to the peak around the clock, so 23:00 and 01:00 are both near-night.
        var d = abs(hour - peakHour)
        d = min(d, 24 - d)
        return floor + (1 - floor) * exp(-(d / 4.2) * (d / 4.2))
    }

    /// Conversations a day for an account of this size. Large accounts automate more and run more
    /// concurrency per agent, so volume grows faster than head count: ~7,500 a day at 160 agents,
    /// ~1 million at 5,000.
    static func dailyConversations(agents: Int) -> Double {
        let n = Double(max(1, agents))
        return 47 * n * pow(n / 160, 0.42)
    }
}
