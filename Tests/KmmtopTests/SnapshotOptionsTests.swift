import ArgumentParser
import Dashboard
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
        #expect(query.groupBy == .skillId && options.outputFormat == .table && !options.check)
        #expect(query.time.to - query.time.from == 3_600_000)
        #expect(query.sort == .default && !query.sortGiven && query.userTypes == nil && query.skillIds == nil)
        #expect(try options.metricList() == SnapshotOptions.defaultMetrics)
        let none = try SnapshotOptions.parse(["--group-by", "none"]).query(now: 10_000_000)
        #expect(none.groupBy == nil && none.sections == [.all])
    }

    /// A check's defaults are the board's view (grouping, window, user types, sub-groups); flags win.
    @Test func aViewGivesTheDefaultsOfTheFlagsNotGiven() throws {
        let view = ViewSettings(grouping: .agentGroup, windowMillis: 14_400_000, userTypes: .human, includeSubGroups: true)
        let defaulted = try SnapshotOptions.parse(["--check"]).query(now: 100_000_000, view: view)
        #expect(defaulted.groupBy == .agentGroupId && defaulted.time.to - defaulted.time.from == 14_400_000)
        #expect(defaulted.userTypes == [.human] && defaulted.includeSubGroups)
        let flagged = try SnapshotOptions.parse(["--check", "--group-by", "skill", "--window", "15m", "--user-types", "BOT"])
            .query(now: 100_000_000, view: view)
        #expect(flagged.groupBy == .skillId && flagged.time.to - flagged.time.from == 900_000 && flagged.userTypes == [.bot])
        let plain = try SnapshotOptions.parse([]).query(now: 100_000_000)
        #expect(plain.groupBy == .skillId && plain.userTypes == nil && !plain.includeSubGroups)
    }

    /// A check fetches the metrics it judges beyond the listed ones, and takes no --format.
    @Test func aCheckFetchesWhatItJudges() throws {
        let options = try SnapshotOptions.parse(["--check", "--metrics", "online_agents"])
        let query = try options.query(now: 10_000_000, also: [.unassignedConversations, .onlineAgents, .avgWaitTime])
        #expect(query.currentValue == [.onlineAgents, .unassignedConversations])
        #expect(query.byTime == [.avgWaitTime])
        #expect(throws: (any Error).self) { try SnapshotOptions.parse(["--check", "--format", "csv"]) }
        let judged = SnapshotCommand.judgedMetrics(ThresholdSet(
            perMetric: [.onlineAgents: Threshold(direction: .below, warn: 3, crit: 1)],
            overrides: ["7": [.avgWaitTime: Threshold(warn: 1, crit: 2)]]))
        #expect(judged == [.avgWaitTime, .onlineAgents])
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

/// The shell completions that are not files: metric names in a list, sort keys.
@Suite struct CompletionTests {
    @Test func theLastNameOfAListIsCompletedAndTheRestKept() {
        #expect(Completions.metricList(prefix: "online_agents,human_") == [
            "online_agents,human_agent_load", "online_agents,human_online_load", "online_agents,human_away_load",
        ])
        #expect(Completions.metricList(prefix: "avg_wait") == ["avg_wait_time", "avg_wait_time_first_response"])
        // A name already listed is not offered again.
        #expect(Completions.metricList(prefix: "avg_wait_time,avg_wait").contains("avg_wait_time,avg_wait_time") == false)
        #expect(Completions.metricList(prefix: "").count == Metric.allCases.count)
        #expect(Completions.metricList(prefix: "nonsense").isEmpty)
    }

    @Test func sortKeysCarryTheirDirection() {
        #expect(Completions.sortKeys(prefix: "avgWaitTime:") == ["avgWaitTime:asc", "avgWaitTime:desc"])
        #expect(Completions.sortKeys(prefix: "ke") == ["key:asc", "key:desc"])
    }
}
