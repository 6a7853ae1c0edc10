import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
@testable import MetricsServer

/// 10,000 random and mutated bodies over HTTP: every answer must be a 2xx with a valid
/// `MetricsResponse` or a 4xx with a JSON `ErrorBody`, never a 5xx, and the server must still answer
/// a good request afterwards. Seeded, so a failure reproduces (the seed and case number are printed).
@Suite struct FuzzTests {
    static let seed: UInt64 = 0x6B6D_6D74_6F70
    static let iterations = 10_000

    @Test func mutatedBodiesNeverBreakTheServer() async throws {
        let started = ContinuousClock.now
        var statuses: [Int: Int] = [:]
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            // A connection the server ends (a 413 leaves the rest of a body unread) is replaced, as any
            // HTTP client would.
            var connection = TestClient(host: "127.0.0.1", port: port)
            connection.connect()
            var random = SplitMix64(seed: Self.seed)
            var local: [Int: Int] = [:]
            for iteration in 0..<Self.iterations {
                let (query, body) = Mutator.makeCase(&random)
                let response = try await connection.execute(.init(Fixture.metricsPath + query, method: .post, body: ByteBuffer(bytes: body)))
                let code = Int(response.status.code)
                local[code, default: 0] += 1
                // Built only for a failure's message: 10,000 of them would be work on the cooperative pool
                // that the network tests' timers share.
                var context: String { "case \(iteration) (seed \(Self.seed)): \(code) for query '\(query)' body \(String(decoding: body.prefix(300), as: UTF8.self))" }
                #expect((200..<500).contains(code), "\(context)")
                #expect(code != 413 || body.count > 64 * 1024, "\(context)")
                let bytes = Data((response.body ?? ByteBuffer()).readableBytesView)
                if code == 200 {
                    #expect(throws: Never.self, "\(context)") { try JSONDecoder().decode(MetricsResponse.self, from: bytes) }
                } else {
                    #expect((try? JSONDecoder().decode(ErrorBody.self, from: bytes)) != nil, "not an ErrorBody — \(context)")
                    #expect(response.headers[.contentType] == "application/json", "\(context)")
                }
                if response.headers[.connection] == "close" {
                    #expect([400, 408, 413].contains(code), "only an unread request ends the connection — \(context)")
                    try? await connection.shutdown()
                    connection = TestClient(host: "127.0.0.1", port: port)
                    connection.connect()
                }
                if (200..<500).contains(code) == false { break }
            }
            // The server still answers well (on the fuzzing connection: the test client's own first
            // connection has been closed by now, as one that sends nothing for the header timeout is).
            let good = try await connection.execute(.init(Fixture.metricsPath, method: .post, body: Fixture.json(Fixture.request())))
            try? await connection.shutdown()
            #expect(good.status == .ok)
            let all = try JSONDecoder().decode(MetricsResponse.self, from: Data((good.body ?? ByteBuffer()).readableBytesView)).all
            #expect(all?.metrics[.closedConversations] == .long(6))
            return local
        }.forEach { statuses[$0.key] = $0.value }
        let elapsed = ContinuousClock.now - started
        print("fuzz: \(Self.iterations) requests in \(elapsed); statuses \(statuses.sorted { $0.key < $1.key })")
        #expect(statuses[200, default: 0] > Self.iterations / 20, "too few valid requests to exercise evaluation")
    }
}

/// A JSON tree that can also hold raw (possibly invalid) literals and duplicate keys.
indirect enum JSONValue {
    case null
    case bool(Bool)
    case raw(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .raw(let literal): literal
        case .string(let value): JSONValue.quote(value)
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { JSONValue.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Builds one fuzz case: a query string and a body, from the seed's example request.
enum Mutator {
    static let now = Fixture.now

    /// The seed's example body, with its window moved into the fixture's last hour.
    static func seedBody(_ random: inout SplitMix64) -> JSONValue {
        let from = random.chance(0.95) ? now - Int64(random.int(in: 1...(23 * 60))) * 60_000 : 1_591_951_787_590
        let to = random.chance(0.95) ? now - Int64(random.int(in: 0...59)) * 1_000 : 1_591_955_386_814
        return .object([
            ("filters", .object([
                ("time", .object([("from", .raw(String(from))), ("to", .raw(String(to)))])),
                ("userTypes", .array([.string("HUMAN")])),
            ])),
            ("groupBy", .string(random.pick(["agentGroupId", "skillId"]))),
            ("responseSections", .array(random.chance(0.5) ? [.string("groupBy")] : [.string("all"), .string("groupBy")])),
            ("metricsToRetrieveCurrentValue", .array([.string("assigned_conversations"), .string("human_agent_load")])),
            ("metricsToRetrieveByTime", .array([
                .string("avg_wait_time"), .string("avg_time_to_response"), .string("avg_wait_time_first_response"),
                .string("avg_time_to_first_response_first_assignment"), .string("closed_conversations"),
            ])),
        ])
    }

    static let weirdLiterals = [
        "NaN", "nan", "Infinity", "-Infinity", "1e999", "-1e999", "1E+2", "-0", "0.0000001", "123456789012345678901234567890",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.7976931348623157e308", "0x10", "01", "+1",
        ".5", "5.", "true", "false", "null", "undefined", "'single'", "\"\\ud800\"", "\"\\u0000\"", "\"\\uZZZZ\"", "\"\u{1F600}\u{200F}\"",
        "[]", "{}", "[null]", "{\"\":null}",
    ]

    static let strings = [
        "", " ", "HUMAN", "BOT", "human", "groupBy", "all", "skillId", "agentGroupId", "agentId", "key:asc",
        "closed_conversations", "online_agents", "avgWaitTime", "\u{0}", "\u{1F4A9}", "日本語", "\u{202E}evil", String(repeating: "a", count: 5000),
    ] + Metric.allCases.map(\.wireName)

    static func randomValue(_ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch random.int(in: 0...(depth > 2 ? 4 : 6)) {
        case 0: return .null
        case 1: return .bool(random.chance(0.5))
        case 2: return .raw(String(Int64(bitPattern: random.next()) >> random.int(in: 0...63)))
        case 3: return .string(random.pick(strings))
        case 4: return .raw(random.pick(weirdLiterals))
        case 5: return .array((0..<random.int(in: 0...4)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            return .object((0..<random.int(in: 0...4)).map { _ in (random.pick(keys), randomValue(&random, depth: depth + 1)) })
        }
    }

    static let keys = [
        "filters", "time", "from", "to", "agentIds", "agentGroupIds", "skillIds", "userTypes", "includeSubGroups",
        "metricsToRetrieveByTime", "metricsToRetrieveCurrentValue", "responseSections", "groupBy", "extra", "",
    ]

    /// Applies one structural mutation somewhere in the tree.
    static func mutate(_ value: JSONValue, _ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        // Descend with some probability, else mutate here.
        switch value {
        case .object(var members) where !members.isEmpty && random.chance(0.6):
            let index = random.int(in: 0...(members.count - 1))
            members[index].1 = mutate(members[index].1, &random, depth: depth + 1)
            return .object(members)
        case .array(var items) where !items.isEmpty && random.chance(0.5):
            let index = random.int(in: 0...(items.count - 1))
            items[index] = mutate(items[index], &random, depth: depth + 1)
            return .array(items)
        default:
            break
        }
        switch random.int(in: 0...7) {
        case 0:  // delete a member or an element
            if case .object(var members) = value, !members.isEmpty {
                members.remove(at: random.int(in: 0...(members.count - 1)))
                return .object(members)
            }
            if case .array(var items) = value, !items.isEmpty {
                items.remove(at: random.int(in: 0...(items.count - 1)))
                return .array(items)
            }
            return .null
        case 1:  // duplicate a member (same key twice) or an element
            if case .object(var members) = value, let member = members.randomElement(using: &random) {
                members.append((member.0, random.chance(0.5) ? member.1 : randomValue(&random)))
                return .object(members)
            }
            if case .array(var items) = value, let item = items.randomElement(using: &random) {
                items.append(item)
                return .array(items)
            }
            return .array([value, value])
        case 2: return randomValue(&random)  // retype
        case 3: return .raw(random.pick(weirdLiterals))
        case 4:  // deep nesting
            let depth = random.pick([10, 100, 513, 2_000, 10_000])
            let (open, close) = random.chance(0.5) ? ("[", "]") : ("{\"a\":", "}")
            return .raw(String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth))
        case 5:  // an unknown or known key with a random value
            if case .object(var members) = value {
                members.append((random.pick(keys), randomValue(&random)))
                return .object(members)
            }
            return .object([("filters", value)])
        case 6: return .string(random.pick(strings))
        default: return .raw(String(random.next() >> random.int(in: 0...63)))
        }
    }

    static let queries = [
        "", "?offset=1&limit=1", "?limit=50", "?limit=51", "?limit=0", "?offset=-1", "?offset=99999999999999999999",
        "?sort=closedConversations:desc", "?sort=avgWaitTime", "?sort=key:desc", "?sort=nope:asc", "?sort=:", "?sort=%00",
        "?limit=%F0%9F%98%80", "?offset=1e3", "?limit=&offset=", "?sort=onlineAgents:desc&limit=2&offset=2", "?limit=1&limit=2",
        "?offset=2147483647&limit=50", "?x=%zz",
    ]

    static func makeCase(_ random: inout SplitMix64) -> (query: String, body: [UInt8]) {
        let query = random.chance(0.6) ? "" : random.pick(queries)
        switch random.int(in: 0...19) {
        case 0:  // random bytes, often not UTF-8
            return (query, (0..<random.int(in: 0...300)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case 1:  // truncated
            let text = Array(seedBody(&random).text.utf8)
            return (query, Array(text.prefix(random.int(in: 0...text.count))))
        case 2:  // one byte flipped
            var text = Array(seedBody(&random).text.utf8)
            text[random.int(in: 0...(text.count - 1))] = UInt8(truncatingIfNeeded: random.next())
            return (query, text)
        case 3:  // something that is not a seed body at all
            return (query, Array(randomValue(&random).text.utf8))
        case 4:  // untouched (valid unless the query says otherwise)
            return (query, Array(seedBody(&random).text.utf8))
        default:
            var body = seedBody(&random)
            for _ in 0..<random.int(in: 1...3) { body = mutate(body, &random) }
            return (query, Array(body.text.utf8))
        }
    }
}

/// A small, fast, seeded generator (SplitMix64), so every failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(in: 0...(items.count - 1))] }
}
