import Foundation
import KeyMetrics
import MetricsEngine
import Testing
@testable import MetricsServer

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("90s", 90_000), ("10m", 600_000), ("1h", 3_600_000), ("1h30m", 5_400_000), ("500ms", 500),
        ("2d", 172_800_000), ("45", 45_000), (" 5m ", 300_000), ("0s", 0), ("1m30s", 90_000),
    ] as [(String, Int64)])
    func parses(_ text: String, _ millis: Int64) throws {
        #expect(try DurationText.milliseconds(text) == millis)
    }

    @Test(arguments: ["", "m", "-5m", "10x", "1.5h", "ten minutes", "5m junk", "99999999999999999999s", "9223372036854775807d"])
    func refuses(_ text: String) {
        #expect(throws: DurationText.ParseError.self) { try DurationText.milliseconds(text) }
    }
}

@Suite struct TokenSourceTests {
    func tempFile(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kmmtop-tokens-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func readsTokensSkippingCommentsAndBlanks() throws {
        let path = try tempFile("# dashboard\nalpha-1\n\n  beta-2  \n# old: gamma\nalpha-1\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TokenSource.load(file: path) == ["alpha-1", "beta-2"])
    }

    @Test func ownerReadOnlyIsAccepted() throws {
        let path = try tempFile("alpha\n", mode: 0o400)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TokenSource.load(file: path) == ["alpha"])
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660])
    func refusesFilesOthersCanRead(_ mode: Int) throws {
        let path = try tempFile("super-secret-token\n", mode: mode)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TokenSource.load(file: path)
            Issue.record("accepted mode \(String(mode, radix: 8))")
        } catch {
            #expect(error.message.contains("chmod 600"))
            #expect(!error.message.contains("super-secret-token"))
        }
    }

    @Test func badTokenLinesNameTheLineNotTheToken() throws {
        let path = try tempFile("good\nbad tok3n-XYZ\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TokenSource.load(file: path)
            Issue.record("accepted a token with spaces")
        } catch {
            #expect(error.message.contains("line 2"))
            #expect(!error.message.contains("tok3n"))
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: TokenSource.LoadError.self) { try TokenSource.load(file: "/nonexistent/kmmtop-tokens") }
    }

    @Test func environmentIsCommaSeparated() throws {
        #expect(try TokenSource.fromEnvironment("a1, b2,,c3 ") == ["a1", "b2", "c3"])
        #expect(try TokenSource.fromEnvironment(nil) == [])
        #expect(try TokenSource.fromEnvironment("") == [])
    }
}

@Suite struct SimulatedClockTests {
    @Test func runsFasterFromTheStart() {
        let clock = SimulatedClock(startWall: 1_000_000, speed: 60)
        #expect(clock.time(atWall: 1_000_000) == 1_000_000)
        #expect(clock.time(atWall: 1_001_000) == 1_060_000)
        #expect(SimulatedClock(startWall: 5, speed: 1).time(atWall: 12_345) == 12_345)
        #expect(SimulatedClock(startWall: 0, speed: 0.5).time(atWall: 3) == 1)
        let read = clock.clock(wall: { 1_002_000 })
        #expect(read() == 1_120_000)
    }
}

@Suite struct LiveFeedTests {
    /// Emits one agent-state change per call, at the time asked for.
    struct Ticker: EventSource {
        var calls: [Int64] = []
        mutating func advance(to time: Int64) -> [Event] {
            calls.append(time)
            return [Event(time: time, .agentState(agentId: calls.count.isMultiple(of: 2) ? "ghost" : "a1", state: .away))]
        }
    }

    @Test func tickAdvancesToTheEngineClockAndIngests() {
        let engine = Fixture.engine()
        var feed = LiveFeed(source: Ticker(), engine: engine)
        #expect(feed.tick() == (accepted: 1, rejected: 0))
        #expect(feed.tick() == (accepted: 0, rejected: 1))  // unknown agent "ghost"
        #expect(feed.source.calls == [Fixture.now, Fixture.now])
        let away = engine.read { $0.agents.filter { $0.state == .away }.count }
        #expect(away == 1)
    }

    /// `run` ticks at once (the engine is current from the start), then waits; cancelling it ends
    /// the wait. A one-hour interval makes the count exact whatever the machine's load.
    @Test func runTicksAtOnceAndStopsWhenCancelled() async {
        let engine = Fixture.engine()
        let task = Task {
            var feed = LiveFeed(source: Ticker(), engine: engine)
            await feed.run(every: .seconds(3600), logger: LogCapture().logger)
            return feed.source.calls.count
        }
        task.cancel()
        #expect(await task.value == 1)
    }
}

@Suite struct EventImportTests {
    let world = """
        # comment
        {"type":"skill","id":"s1","name":"Billing"}
        {"type":"agentGroup","id":"g1","name":"Root"}
        {"type":"agentGroup","id":"g2","name":"Orphan","parentId":"missing"}
        not json
        {"type":"agent","id":"a1","name":"Ann","userType":"HUMAN","groupId":"g1","skillIds":["s1"],"maxSlots":2}
        """

    let events = """
        {"type":"conversationClosed","time":1764000005000,"conversationId":"c1","closedBy":"AGENT"}
        {"type":"agentState","time":1764000001000,"agentId":"a1","state":"ONLINE"}

        {"type":"conversationOpened","time":1764000002000,"conversationId":"c1","skillId":"s1"}
        {"type":"agentMessage","time":1764000003000,"conversationId":"c1","agentId":"nobody"}
        {"type":"consumerMessage","time":"soon","conversationId":"c1"}
        {"type":"agentAssigned","time":1764000004000,"conversationId":"c1","agentId":"a1"}
        """

    static let now: Int64 = 1_764_000_010_000

    @Test func keepsGoodLinesAndReportsBadOnesWithTheirLineNumbers() {
        let engine = SharedEngine(accountId: "1", clock: { Self.now })
        let report = EventImport.load(
            world: .init(name: "w.jsonl", text: world), events: .init(name: "e.jsonl", text: events), into: engine)
        #expect(report.worldItems == 3)
        #expect(report.events == 4)  // sorted by time, the close at 5000 comes after the assignment
        #expect(report.skippedLines == 4)
        #expect(report.problems.count == 4)
        #expect(report.problems.map { $0.prefix(while: { $0 != " " }) } == ["w.jsonl:4:", "w.jsonl:5:", "e.jsonl:5:", "e.jsonl:6:"])
        #expect(report.problems[1] == "w.jsonl:5: not valid JSON")
        #expect(report.problems[2].contains("unknown agent 'nobody'"))
        #expect(report.problems[3] == "e.jsonl:6: field 'time' has an invalid value: time must be a whole number of epoch milliseconds")
        #expect(report.summary(files: ["w.jsonl", "e.jsonl"]) == "imported 3 world items and 4 events from w.jsonl and e.jsonl (4 lines skipped)")
    }

    /// One line that is not UTF-8 is that line's problem, by file and line; every good line is kept.
    @Test func aLineThatIsNotUTF8IsSkippedAlone() {
        let engine = SharedEngine(accountId: "1", clock: { Self.now })
        var bytes = Array(world.utf8)
        bytes += Array("\n{\"type\":\"skill\",\"id\":\"s9\",\"name\":\"".utf8) + [0xFF, 0xFE] + Array("\"}\n".utf8)
        let report = EventImport.load(world: .init(name: "w.jsonl", bytes: bytes), events: nil, into: engine)
        #expect(report.worldItems == 3)
        #expect(report.problems.last == "w.jsonl:7: not UTF-8 text")
    }

    /// Times that are not whole epoch milliseconds, or not between 2000 and 2100, are refused by line,
    /// before any rebasing (so they can neither move the rest nor wrap around).
    @Test func absurdTimesAreRefusedBeforeRebasing() {
        let engine = SharedEngine(accountId: "1", clock: { Self.now })
        _ = EventImport.load(world: .init(name: "w", text: world), events: nil, into: engine)
        let absurd = """
            {"type":"agentState","time":1764000001000,"agentId":"a1","state":"ONLINE"}
            {"type":"agentState","time":1.5,"agentId":"a1","state":"AWAY"}
            {"type":"agentState","time":1e400,"agentId":"a1","state":"AWAY"}
            {"type":"agentState","time":9223372036854775807,"agentId":"a1","state":"AWAY"}
            {"type":"agentState","time":1764000,"agentId":"a1","state":"AWAY"}
            """
        let report = EventImport.load(world: nil, events: .init(name: "e", text: absurd), into: engine, rebaseTo: Self.now)
        #expect(report.events == 1)
        #expect(report.problems.count == 4, "\(report.problems)")
        #expect(report.problems[0] == "e:2: field 'time' has an invalid value: time must be a whole number of epoch milliseconds, got 1.5")
        #expect(report.problems[2] == "e:4: time 9223372036854775807 is not between 2000 and 2100 in epoch milliseconds")
        #expect(report.problems[3] == "e:5: time 1764000 is not between 2000 and 2100 in epoch milliseconds")
        // The one good event was moved to now, not by the absurd ones.
        #expect(engine.read { $0.acceptedEvents } == 1)
    }

    @Test func rebaseMovesTheLatestEventToNow() {
        let engine = SharedEngine(accountId: "1", clock: { 1_764_000_000_000 })
        _ = EventImport.load(world: .init(name: "w", text: world), events: nil, into: engine)
        let report = EventImport.load(
            world: nil, events: .init(name: "e", text: events), into: engine, rebaseTo: 1_764_000_000_000)
        #expect(report.events == 4)
        let closed = engine.read { $0.acceptedEvents }
        #expect(closed == 4)
    }

    @Test func exampleFilesLoadCleanly() throws {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config")
        let world = try String(contentsOf: config.appendingPathComponent("world.example.jsonl"), encoding: .utf8)
        let events = try String(contentsOf: config.appendingPathComponent("events.example.jsonl"), encoding: .utf8)
        let now: Int64 = 1_764_000_000_000
        let engine = SharedEngine(accountId: "1", clock: { now })
        let report = EventImport.load(
            world: .init(name: "world", text: world), events: .init(name: "events", text: events), into: engine, rebaseTo: now)
        #expect(report.problems == [])
        #expect(report.worldItems == 13)
        #expect(report.events > 40)
    }
}
