import Foundation
import Testing
import KeyMetrics

/// The fast reader of request bodies either gives exactly `JSONDecoder`'s value or leaves the body to it.
@Suite struct MetricsRequestParserTests {
    static let seed = #"""
        {"filters":{"time":{"from":1591951787590,"to":1591955386814},"userTypes":["HUMAN"],"skillIds":["1","2"],"agentGroupIds":[],"includeSubGroups":true},"groupBy":"agentGroupId","responseSections":["groupBy","all"],"metricsToRetrieveCurrentValue":["assigned_conversations","human_agent_load"],"metricsToRetrieveByTime":["avg_wait_time","closed_conversations"]}
        """#

    static func fast(_ text: String) -> MetricsRequest? {
        Array(text.utf8).withUnsafeBytes { MetricsRequestParser.parse($0) }
    }

    static func foundation(_ text: String) -> MetricsRequest? {
        try? JSONDecoder().decode(MetricsRequest.self, from: Data(text.utf8))
    }

    @Test func theUsualBodyIsReadAsJSONDecoderReadsIt() throws {
        let fast = try #require(Self.fast(Self.seed))
        #expect(fast == Self.foundation(Self.seed))
        #expect(fast.filters?.time?.from == 1_591_951_787_590)
        #expect(fast.filters?.includeSubGroups == true)
        #expect(fast.metricsToRetrieveByTime == ["avg_wait_time", "closed_conversations"])
        let spaced = " {\n\t\"groupBy\" : null , \"filters\" : { \"time\" : { \"from\" : -0 , \"to\" : 9223372036854775807 } } }\r\n"
        #expect(Self.fast(spaced) == Self.foundation(spaced))
        #expect(Self.fast(spaced)?.filters?.time?.to == Int64.max)
        #expect(Self.fast("{}") == MetricsRequest(filters: nil))
    }

    @Test(arguments: [
        #"{"groupBy":"a\"b"}"#, #"{"groupBy":"é"}"#, #"{"groupBy":"a","groupBy":"b"}"#, #"{"other":1}"#,
        #"{"filters":{"time":{"from":1.5}}}"#, #"{"filters":{"time":{"from":1e3}}}"#, #"{"filters":{"time":{"from":01}}}"#,
        #"{"filters":{"time":{"from":9223372036854775808}}}"#, #"{"groupBy":1}"#, #"{"groupBy":"a"} x"#, #"{"groupBy":"a",}"#,
        #"{"responseSections":"all"}"#, #"{"filters":{"includeSubGroups":"true"}}"#, "", "[]", #"{"groupBy":nullx}"#,
    ])
    func anythingElseIsLeftToJSONDecoder(body: String) {
        #expect(Self.fast(body) == nil)
    }

    /// Bodies a byte or a few away from the usual one: whatever the fast reader takes, `JSONDecoder` takes
    /// with the same value.
    @Test func mutatedBodiesAgreeWithJSONDecoder() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let alphabet = Array(#"{}[]",:0123456789-.eE tnrufalsx\"#.utf8) + [0x0A, 0xC3, 0xA9, 0x00]
        var taken = 0
        for _ in 0..<3000 {
            var bytes = Array(Self.seed.utf8)
            for _ in 0...next(3) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet[next(alphabet.count)], at: at)
                default: bytes[at] = alphabet[next(alphabet.count)]
                }
            }
            let fast = bytes.withUnsafeBytes { MetricsRequestParser.parse($0) }
            guard let fast else { continue }
            taken += 1
            let decoded = try? JSONDecoder().decode(MetricsRequest.self, from: Data(bytes))
            #expect(decoded == fast, "\(String(decoding: bytes, as: UTF8.self))")
        }
        // Many mutations land in a string or a number and leave a body both read.
        #expect(taken > 300)
    }
}
