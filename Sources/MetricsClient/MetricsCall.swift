import Foundation
import KeyMetrics
import Logging
import Synchronization

/// Counts the requests of one snapshot (pages plus retries), for ``Snapshot/requestCount``, and keeps
/// the oldest `Age` its answers came with (a relay's copy), for ``Snapshot/fetchedAt``.
final class RequestCounter: Sendable {
    private let value = Mutex(0)
    private let age = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }

    /// An answer's age (``HTTPAnswer/ageSeconds``): the oldest one counts.
    func noteAge(_ seconds: Int) {
        age.withLock { $0 = max($0, seconds) }
    }

    /// Milliseconds the oldest answer was already old when it came.
    var ageMillis: Int64 { Int64(age.withLock { $0 }) * 1000 }
}

/// One POST to the metrics route, done politely: inside the budget, with the credential, honouring 429
/// (`Retry-After`, else backoff; at most ``RetryPolicy/maxRetries`` retries, each one counted against the
/// budget), and — for OAuth 2.0 only — one new token and one retry after a 401.
struct MetricsCall: Sendable {
    let transport: Transport
    let budget: RequestBudget
    let authorizer: Authorizer
    let mapping: ErrorMapping
    let retry: RetryPolicy
    let logger: Logger

    func post(url: URL, body: [UInt8], counter: RequestCounter) async throws(ClientError) -> MetricsResponse {
        try await post(url: url, body: body, counter: counter, as: MetricsResponse.self)
    }

    /// The same POST, its answer read as `Answer` (the historical route's shape differs).
    func post<Answer: Decodable>(url: URL, body: [UInt8], counter: RequestCounter, as: Answer.Type) async throws(ClientError) -> Answer {
        let answer = try await post(url: url, body: body, counter: counter, patient: true)
        counter.noteAge(answer.ageSeconds)
        return try mapping.decode(Answer.self, from: answer, what: "the metrics API")
    }

    /// The same POST, its successful answer as it came. Unless `patient`, neither a full budget minute
    /// nor a 429 is waited out: they throw `.budgetSpent` and `.rateLimited` at once (the relay has a cache to
    /// answer from).
    func post(url: URL, body: [UInt8], counter: RequestCounter, patient: Bool) async throws(ClientError) -> HTTPAnswer {
        var retries = 0
        var refreshedToken = false
        while true {
            try await budget.acquire(waitForWindow: patient)
            let outcome: Result<(HTTPAnswer, Secret?), ClientError>
            do throws(ClientError) {
                // Signed after the budget wait, so an OAuth 1.0a timestamp is never stale.
                let auth = try await authorizer.authorization(method: "POST", url: url)
                var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
                if let header = auth.header { headers.append(("Authorization", header)) }
                counter.increment()
                let answer = try await transport.send(OutgoingRequest(method: .POST, url: url, headers: headers, body: body))
                outcome = .success((answer, auth.token))
            } catch {
                outcome = .failure(error)
            }
            budget.release()
            let (answer, token) = try outcome.get()

            switch answer.status {
            case 200..<300:
                return answer
            case 429:
                let after = RetryPolicy.parseRetryAfter(answer.retryAfter)
                guard patient, let delay = retry.delay(retry: retries, retryAfter: after, unit: Double.random(in: 0..<1)) else {
                    throw .rateLimited(retryAfterSeconds: after)
                }
                retries += 1
                logger.notice("rate limited (429); retry \(retries) of \(retry.maxRetries) in \(String(format: "%.1f", delay)) s")
                do {
                    try await Task.sleep(for: .seconds(delay))
                } catch {
                    throw .cancelled
                }
            case 401 where !refreshedToken:
                guard try await authorizer.replacement(for: token) != nil else {
                    throw mapping.error(for: answer, kind: authorizer.kind, what: "the metrics API")
                }
                refreshedToken = true
                logger.info("the API refused the OAuth 2.0 token (401); fetched a new one, retrying once")
            default:
                throw mapping.error(for: answer, kind: authorizer.kind, what: "the metrics API")
            }
        }
    }
}
