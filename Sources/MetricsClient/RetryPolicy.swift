import Foundation

/// How long to wait after a 429 before trying again, and when to stop.
///
/// The server's `Retry-After` wins when present (the server knows when its window frees up); otherwise
/// exponential backoff with full jitter (spreads out clients that were refused together). Never under one
/// second, as LivePerson asks; a `Retry-After` longer than ``longestWait`` gives up at once rather than
/// freezing a snapshot for minutes.
struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt.
    var maxRetries = 3
    var baseSeconds = 1.0
    var capSeconds = 30.0
    var minimumSeconds = 1.0
    var longestWait = 60.0

    /// The wait before retry number `retry` (0 for the first retry), or `nil` to give up.
    /// - Parameter unit: a random number in 0..<1 (injected so tests are exact).
    func delay(retry: Int, retryAfter: Double?, unit: Double) -> Double? {
        guard retry < maxRetries else { return nil }
        if let retryAfter {
            guard retryAfter <= longestWait else { return nil }
            return max(minimumSeconds, retryAfter)
        }
        let ceiling = min(capSeconds, baseSeconds * Double(1 << min(retry, 20)))
        return max(minimumSeconds, ceiling * min(max(unit, 0), 1))
    }

    /// `Retry-After` as delta-seconds; an HTTP date or anything else is treated as absent.
    static func parseRetryAfter(_ value: String?) -> Double? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), let seconds = Double(text), seconds.isFinite, seconds >= 0
        else { return nil }
        // A server may ask for anything; a day is as long as anyone waits (and `1e300` must not trap
        // whatever turns it into whole seconds later).
        return min(seconds, 86_400)
    }
}
