import ArgumentParser
import KeyMetrics
import Testing

@testable import kmmtop

@Suite struct SnapshotOptionsTests {
    @Test func flagsBecomeTheQuery() throws {
        let options = try SnapshotOptions.parse([
            "--group-by", "agentGroup", "--window", "4h", "--metrics", "online_agents,avg_wait_time,online_agents",
            "--sort", "avgWaitTime:desc", "--user-types", "human", "--include-sub-groups",
            "--skill", "11", "--skill", "12,13", "--group", "7", "--agent", "a1",
        ])
        let query = try options.query(now: 100_000_000)
        #expect(query.time == RequestedTime(from: 100_000_000 - 4 * 3_600_000, to: 100_000_000))
        #expect(query.groupBy == .agentGroupId && query.sections == [.all, .groupBy])
        #expect(query.byTime == [.avgWaitTime] && query.currentValue == [.onlineAgents])
        #expect(try options.metricList() == [.onlineAgents, .avgWaitTime])
        #expect(query.sort == SortOrder(field: .metric(.avgWaitTime), direction: .desc) && query.sortGiven)
        #expect(query.userTypes == [.human] && query.includeSubGroups)
        #expect(query.skillIds == ["11", "12", "13"] && query.agentGroupIds == ["7"] && query.agentIds == ["a1"])
    }

    @Test func defaults() throws {
        let options = try SnapshotOptions.parse([])
        let query = try options.query(now: 10_000_000)
        #expect(query.groupBy == .skillId && options.format == .table)
        #expect(query.time.to - query.time.from == 3_600_000)
        #expect(query.sort == .default && !query.sortGiven && query.userTypes == nil && query.skillIds == nil)
        #expect(try options.metricList() == SnapshotOptions.defaultMetrics)
        let none = try SnapshotOptions.parse(["--group-by", "none"]).query(now: 10_000_000)
        #expect(none.groupBy == nil && none.sections == [.all])
    }

    @Test func badValuesAreUsageErrors() {
        let messages: [([String], String)] = [
            (["--window", "25h"], "--window must be above 0 and at most 24h, got '25h'"),
            (["--window", "0s"], "--window must be above 0 and at most 24h, got '0s'"),
            (["--window", "soon"], "--window: 'soon' is not a duration; use a number with a unit, like 90s, 10m, 1h30m or 500ms"),
            (["--user-types", "ROBOT"], "--user-types: unknown user type 'ROBOT'; valid values: HUMAN, BOT"),
            (["--metrics", ","], "--metrics: name at least one metric"),
        ]
        for (arguments, expected) in messages {
            do {
                _ = try SnapshotOptions.parse(arguments)
                Issue.record("no error for \(arguments)")
            } catch {
                #expect(SnapshotOptions.message(for: error) == expected)
            }
        }
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 64, 69, 70, 77, 129])
    }
}
