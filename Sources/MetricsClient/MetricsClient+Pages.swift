import Foundation
import KeyMetrics

/// Fetching the pages of one snapshot: one request per page through ``MetricsCall`` (budget, credential,
/// retries), and the pages after the first side by side, bounded by the concurrency limit.
extension MetricsClient {
    func fetch(
        _ query: MetricsQuery, base: URL, offset: Int, sections: [ResponseSection], counter: RequestCounter
    ) async throws(ClientError) -> MetricsResponse {
        try await fetch(query, base: base, offset: offset, sections: sections, counter: counter, as: MetricsResponse.self)
    }

    /// One page of `query`'s route, its answer read as `Answer` (the historical route's shape differs).
    func fetch<Answer: Decodable>(
        _ query: MetricsQuery, base: URL, offset: Int, sections: [ResponseSection], counter: RequestCounter, as: Answer.Type
    ) async throws(ClientError) -> Answer {
        let (url, body) = try pageRequest(query, base: base, offset: offset, sections: sections)
        return try await call.post(url: url, body: body, counter: counter, as: Answer.self)
    }

    /// The URL and body of one page of `query`'s route: what every page fetch, and the relay, sends.
    func pageRequest(_ query: MetricsQuery, base: URL, offset: Int, sections: [ResponseSection]) throws(ClientError) -> (URL, [UInt8]) {
        guard let url = Paging.url(base: base, account: configuration.account, endpoint: query.endpoint, offset: offset, limit: query.limit, sort: query.sort)
        else { throw .configuration("cannot build the \(query.endpoint.pathName) URL for \(base.host ?? "?")") }
        do {
            return (url, Array(try JSONEncoder().encode(Paging.body(for: query, sections: sections))))
        } catch {
            throw .configuration("cannot encode the request body")
        }
    }

    /// The pages after the first, at most `maxConcurrent` at a time (the budget also holds each request);
    /// the first failure cancels the rest and fails the whole snapshot.
    func fetchRemaining(
        _ query: MetricsQuery, base: URL, offsets: [Int], counter: RequestCounter
    ) async throws(ClientError) -> [Int: [MetricsResponse.Group]] {
        guard !offsets.isEmpty else { return [:] }
        let width = max(1, configuration.maxConcurrent)
        let result = await withTaskGroup(
            of: (Int, Result<[MetricsResponse.Group], ClientError>).self,
            returning: Result<[Int: [MetricsResponse.Group]], ClientError>.self
        ) { group in
            var pending = offsets.makeIterator()
            let start: @Sendable (Int) async -> (Int, Result<[MetricsResponse.Group], ClientError>) = { offset in
                do throws(ClientError) {
                    let page = try await self.fetch(query, base: base, offset: offset, sections: [.groupBy], counter: counter)
                    guard let section = page.groupBy else {
                        throw ClientError.badResponse(reason: "the page has no 'groupBy' section", excerpt: "")
                    }
                    return (offset, .success(section.groups))
                } catch {
                    return (offset, .failure(error))
                }
            }
            for _ in 0..<width {
                guard let offset = pending.next() else { break }
                group.addTask { await start(offset) }
            }
            var pages: [Int: [MetricsResponse.Group]] = [:]
            while let (offset, outcome) = await group.next() {
                switch outcome {
                case .success(let groups):
                    pages[offset] = groups
                    if let next = pending.next() { group.addTask { await start(next) } }
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error == .cancelled ? .cancelled : .page(offset: offset, underlying: error))
                }
            }
            return .success(pages)
        }
        return try result.get()
    }
}
