/// The time window as the client sent it, before it is checked against the server's clock.
public struct RequestedTime: Sendable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    public static let minuteMillis: Int64 = 60_000
    public static let dayMillis: Int64 = 24 * 60 * 60_000

    /// Checks the window against `now` (epoch ms) and rounds it to whole minutes.
    ///
    /// Rules, in order (each failure names the field at fault):
    /// - `from` must not be after `to`, and not in the future (`filters.time.from`);
    /// - `to` later than now means now; then `to − from` must not exceed 24 hours (`filters.time`), so a
    ///   client whose clock runs a little ahead can still ask for "the last 24 hours";
    /// - after rounding down, `from` must not be older than the minute of `now − 24h`, with one minute of
    ///   grace for a client whose clock runs a little behind (`filters.time.from`).
    public func window(now: Int64) throws(MetricsRequestError) -> TimeWindow {
        guard from <= to else {
            throw MetricsRequestError(field: "filters.time.from", message: "filters.time.from (\(from)) is after filters.time.to (\(to))")
        }
        guard from <= now else {
            throw MetricsRequestError(field: "filters.time.from", message: "filters.time.from (\(from)) is in the future (server time is \(now))")
        }
        let clampedTo = min(to, now)
        // `to - from` can overflow for hostile values (from = Int64.min): compare without trapping.
        let (span, overflow) = clampedTo.subtractingReportingOverflow(from)
        guard !overflow, span <= Self.dayMillis else {
            let hours = (Double(clampedTo) - Double(from)) / 3_600_000
            throw MetricsRequestError(
                field: "filters.time", message: "the time window spans \(Self.format(hours)) hours; at most 24 hours are allowed")
        }
        let fromMinute = Self.floorDiv(from, Self.minuteMillis)
        guard fromMinute >= Self.oldestMinute(now: now) else {
            throw MetricsRequestError(
                field: "filters.time.from", message: "filters.time.from is older than 24 hours before now; only the last 24 hours can be queried")
        }
        let toMinute = Self.floorDiv(clampedTo + Self.minuteMillis - 1, Self.minuteMillis)
        return TimeWindow(fromMinute: fromMinute, toMinute: max(toMinute, fromMinute))
    }

    /// The oldest minute a window may start at: the minute of `now − 24h`, less one minute of grace.
    /// Stores must keep facts from this minute on.
    public static func oldestMinute(now: Int64) -> Int64 {
        floorDiv(now - dayMillis, minuteMillis) - 1
    }

    /// Division rounding toward negative infinity, for minute arithmetic on any epoch value.
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// A window in whole minutes since the epoch, both bounds included (the seed's "Including bounds"):
/// facts at `fromMinute × 60000 ≤ t ≤ toMinute × 60000`, to the millisecond. An event at exactly the
/// rounded `to` counts, one a millisecond later does not; `from = to` on a minute is that one instant.
public struct TimeWindow: Sendable, Hashable {
    public var fromMinute: Int64
    public var toMinute: Int64

    public init(fromMinute: Int64, toMinute: Int64) {
        self.fromMinute = fromMinute
        self.toMinute = toMinute
    }

    public var fromMillis: Int64 { fromMinute * RequestedTime.minuteMillis }
    public var toMillis: Int64 { toMinute * RequestedTime.minuteMillis }
}
