import Foundation
import KeyMetrics
import Testing

@Suite struct MetricValuesTests {
    @Test func unknownKeysAreIgnoredAndNullIsNoData() throws {
        let json = #"{"onlineAgents": 4, "someFutureMetric": {"x": 1}, "avgWaitTime": null, "agentLoad": 0.5}"#
        let values = try JSONDecoder().decode(MetricValues.self, from: Data(json.utf8))
        #expect(values.metrics == [.agentLoad, .onlineAgents, .avgWaitTime].sorted { a, b in
            Metric.allCases.firstIndex(of: a)! < Metric.allCases.firstIndex(of: b)!
        })
        #expect(values[.onlineAgents] == .long(4))
        #expect(values.contains(.avgWaitTime) && values[.avgWaitTime] == nil)
        #expect(values[.agentLoad] == .double(0.5))
        #expect(!values.contains(.awayAgents))
    }

    @Test func wholeNumberWrittenAsRealIsAcceptedForLongMetrics() throws {
        let values = try JSONDecoder().decode(MetricValues.self, from: Data(#"{"onlineAgents": 7.0}"#.utf8))
        #expect(values[.onlineAgents] == .long(7))
    }

    @Test func aWholeNumberPastInt64IsKeptAsARealNumber() throws {
        let values = try JSONDecoder().decode(MetricValues.self, from: Data(#"{"onlineAgents": 9223372036854775808, "closedConversations": 1e300}"#.utf8))
        #expect(values[.onlineAgents] == .double(9_223_372_036_854_775_808))
        #expect(values[.closedConversations] == .double(1e300))
    }

    @Test func wrongTypeForAKnownKeyIsAnErrorNamingTheKey() {
        #expect {
            try JSONDecoder().decode(MetricValues.self, from: Data(#"{"onlineAgents": "many"}"#.utf8))
        } throws: { error in
            "\(error)".contains("onlineAgents")
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MetricValues.self, from: Data(#"{"onlineAgents": 2.5}"#.utf8))
        }
    }

    @Test func encodesNullForNoDataAndWholeNumbersAsIntegers() throws {
        let values = MetricValues([(.closedConversations, .long(3)), (.avgWaitTime, nil), (.agentLoad, .double(0.25))])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(values), as: UTF8.self)
        #expect(text == #"{"agentLoad":0.25,"avgWaitTime":null,"closedConversations":3}"#)
    }
}
