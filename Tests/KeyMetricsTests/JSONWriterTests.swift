import Foundation
import KeyMetrics
import Testing

/// The hand-written response bodies are the very bytes Foundation's `JSONEncoder` writes with the
/// server's settings (sorted keys, `/` unescaped), for awkward names and numbers too.
@Suite struct JSONWriterTests {
    static func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static let names = ["Billing", "Team \"A\"", "back\\slash", "a/b", "tab\there", "line\nbreak", "bell\u{07}", "カスタマーサポート", "emoji 🙂", ""]
    static let doubles: [Double] = [0, 1, 120_000, 0.1852, 84_449.171, 1.18, 1e-5, 123_456_789.125, 9.2e18, 1e300, .leastNonzeroMagnitude, -0.5, 0.0001]

    static func values(_ seed: Int) -> MetricValues {
        var entries: [(metric: Metric, value: MetricValue?)] = []
        for (index, metric) in Metric.allCases.enumerated() where (index + seed) % 3 != 0 {
            switch (index + seed) % 4 {
            case 0: entries.append((metric, nil))
            case 1: entries.append((metric, .long(Int64(index * 7919 - seed))))
            default: entries.append((metric, .double(doubles[(index + seed) % doubles.count])))
            }
        }
        return MetricValues(entries)
    }

    static func link(_ rel: String, _ n: Int) -> MetricsResponse.Link {
        .init(rel: rel, href: "https://kmm.example.test:8443/manager_workspace/api/account/1/metrics?offset=\(n)&limit=2&sort=key:asc")
    }

    @Test func metricsResponsesAreTheEncodersBytes() throws {
        for seed in 0..<12 {
            let groups = Self.names.enumerated().map { index, name in
                MetricsResponse.Group(key: "k\(index)/\(seed)", keyDescription: name, metrics: Self.values(seed + index))
            }
            let links = PageLinks(first: seed % 2 == 0 ? Self.link("first", 0) : nil, prev: nil, selfLink: Self.link("self", 2),
                next: seed % 3 == 0 ? nil : Self.link("next", 4), last: Self.link("last", 8))
            let response = MetricsResponse(
                metadata: .init(count: 9, links: links),
                groupBy: seed % 4 == 3 ? nil : .init(groupByField: "agentGroupId", groups: groups),
                all: seed % 5 == 4 ? nil : .init(metrics: Self.values(seed)))
            #expect(String(decoding: response.jsonBytes, as: UTF8.self) == String(decoding: try Self.encoded(response), as: UTF8.self), "seed \(seed)")
        }
    }

    /// Numbers of every form the engine writes (3 and 4 decimals, whole, tiny, huge, negative) and
    /// random doubles: the writer's digits are `JSONEncoder`'s.
    @Test func numbersAreTheEncodersDigits() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var numbers: [Double] = [0.001, 0.0005, 999_999_999.9999, 1e9 + 0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.675, 1_000_000.0001]
        for _ in 0..<4000 {
            let digits = Int(next() % 5)
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            let whole = Double(next() % 2_000_000_000_000) / scale
            numbers.append(next() % 2 == 0 ? whole : -whole)
            numbers.append(Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF))
        }
        // All in one response (one group per number): one encode each way, not eight thousand.
        let groups = numbers.filter(\.isFinite).enumerated().map { index, number in
            MetricsResponse.Group(key: "\(index)", keyDescription: "\(number)", metrics: MetricValues([(Metric.avgWaitTime, .double(number))]))
        }
        let response = MetricsResponse(
            metadata: .init(count: groups.count, links: PageLinks()), groupBy: .init(groupByField: "skillId", groups: groups), all: nil)
        let written = String(decoding: response.jsonBytes, as: UTF8.self)
        let expected = String(decoding: try Self.encoded(response), as: UTF8.self)
        if written != expected {
            let at = zip(written, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, expected.count)
            Issue.record("first difference at \(at): \(written.dropFirst(max(0, at - 80)).prefix(160)) vs \(expected.dropFirst(max(0, at - 80)).prefix(160))")
        }
    }

    @Test func historicalResponsesAreTheEncodersBytes() throws {
        let points = (0..<4).map { k in
            HistoricalResponse.Point(
                from: 1_764_000_000_000 + Int64(k) * 600_000, to: 1_764_000_000_000 + Int64(k + 1) * 600_000,
                groupBy: k == 2 ? nil : .init(groupByField: "skillId", groups: [.init(key: "s\(k)", keyDescription: Self.names[k], metrics: Self.values(k))]),
                all: k == 3 ? nil : .init(metrics: Self.values(k + 1)))
        }
        for links in [PageLinks(), PageLinks(first: Self.link("first", 0), selfLink: Self.link("self", 1), last: Self.link("last", 2))] {
            let response = HistoricalResponse(metadata: .init(count: 3, interval: 10, links: links), series: points)
            #expect(String(decoding: response.jsonBytes, as: UTF8.self) == String(decoding: try Self.encoded(response), as: UTF8.self))
        }
    }
}
