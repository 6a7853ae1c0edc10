// The benchmark's facts and answers, written for `benchmarks/compare-sql.py`: the same facts the
// engine holds, loaded into SQLite and DuckDB, must give the same answers to the same queries.
import Foundation
import KeyMetrics
import MetricsEngine

/// One measured query: what it asks (in terms a SQL query can restate) and what the engine answered.
struct ExportedCase: Encodable {
    var name: String
    /// `metrics`, `agent_view` or `historical`.
    var route: String
    /// `skill`, `group`, `agent`, or nil for the `all` section only.
    var groupBy: String?
    var subGroups: Bool
    var skills: [String]?
    var agents: [String]?
    /// The window in whole minutes, both bounds included (``TimeWindow``).
    var fromMinute: Int64
    var toMinute: Int64
    /// The historical route's point boundaries, in minutes.
    var boundaries: [Int64]?
    var engineFastestMs: Double
    var engineMedianMs: Double
    var all: MetricValues?
    var groups: [MetricsResponse.Group]?
    var points: [HistoricalResponse.Point]?
}

enum Export {
    /// Writes `facts.csv` (every minute entry of every key, and apart, with `at_start` 1, the facts at
    /// a minute's first millisecond), `ancestors.csv` (each group with itself and its ancestors) and
    /// `cases.json` into `directory`.
    static func write(_ engine: Engine, cases: [ExportedCase], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let world = engine.world
        func id(_ index: WorldIndex.Index, _ ids: (Int) -> String) -> String { index == WorldIndex.none ? "" : ids(Int(index)) }
        var text = "skill,grp,agent,minute,at_start"
        for field in 0..<ByTimeTotals.fieldCount { text += ",f\(field)" }
        text += "\n"
        let handle = try FileHandle(forWritingTo: try create(directory.appendingPathComponent("facts.csv")))
        defer { try? handle.close() }
        func line(_ key: FactKey, _ minute: Int32, _ atStart: Bool, _ totals: ByTimeTotals) throws {
            text += id(key.skill) { world.skillIds[$0] } + "," + id(key.group) { world.groups[$0].id } + ","
                + id(key.agent) { world.agents[$0].id } + ",\(minute)," + (atStart ? "1" : "0")
            for field in 0..<ByTimeTotals.fieldCount { text += ",\(totals[field: field])" }
            text += "\n"
            if text.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        for (index, key) in engine.facts.keys.enumerated() {
            var failure: (any Error)?
            engine.facts.series[index].forEachMinute { minute, delta in
                do { try line(key, minute, false, delta) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        var failure: (any Error)?
        engine.facts.forEachInstant { minute, fact in
            do { try line(engine.facts.keys[fact.key], minute, true, fact.totals) } catch { failure = error }
        }
        if let failure { throw failure }
        try handle.write(contentsOf: Data(text.utf8))

        var ancestors = "grp,ancestor\n"
        for index in world.groups.indices {
            for ancestor in world.selfAndAncestors(of: WorldIndex.Index(index)) {
                ancestors += "\(world.groups[index].id),\(world.groups[Int(ancestor)].id)\n"
            }
        }
        try Data(ancestors.utf8).write(to: directory.appendingPathComponent("ancestors.csv"))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(cases).write(to: directory.appendingPathComponent("cases.json"))
    }

    private static func create(_ url: URL) throws -> URL {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }
}
