import KeyMetrics
import MetricsEngine

/// Loads a world file and an event file (JSON Lines) into an engine, keeping every good line and
/// reporting every bad one as `FILE:LINE: reason`, whether it failed to decode or the engine refused
/// it, always with its line number in the original file.
public enum EventImport {
    public struct Report: Sendable, Equatable {
        public var worldItems = 0
        public var events = 0
        public var skippedLines = 0
        /// `FILE:LINE: reason`, in file then line order.
        public var problems: [String] = []

        public init() {}

        /// `imported N world items and M events from FILES (K lines skipped)`.
        public func summary(files: [String]) -> String {
            let list = files.isEmpty ? "nothing" : files.joined(separator: " and ")
            return "imported \(worldItems) world items and \(events) events from \(list) (\(skippedLines) line\(skippedLines == 1 ? "" : "s") skipped)"
        }
    }

    /// A file's name (for messages) and its bytes (each line is checked to be UTF-8 on its own).
    public struct Source: Sendable {
        public var name: String
        public var bytes: [UInt8]
        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }

        public init(name: String, text: String) {
            self.init(name: name, bytes: Array(text.utf8))
        }
    }

    /// Adds the world, then the events sorted by time (stable, so equal times keep file order).
    /// - Parameter rebaseTo: when given, every event is shifted by the same amount so that the latest
    ///   one happens at this time (epoch ms): an old recording becomes "the last hours".
    public static func load(world: Source?, events: Source?, into engine: SharedEngine, rebaseTo: Int64? = nil) -> Report {
        var report = Report()
        var problems: [(file: Int, line: Int, text: String)] = []

        if let world {
            var items: [(line: Int, item: WorldItem)] = []
            for (line, result) in JSONLines.decode(WorldItem.self, from: world.bytes) {
                switch result {
                case .success(let item): items.append((line, item))
                case .failure(let error): problems.append((0, line, "\(world.name):\(line): \(error.reason)"))
                }
            }
            let refused = engine.add(items.map(\.item))
            for (index, rejection) in refused {
                let line = items[index].line
                problems.append((0, line, "\(world.name):\(line): \(rejection.reason)"))
            }
            report.worldItems = items.count - refused.count
        }

        if let events {
            var decoded: [(line: Int, event: Event)] = []
            for (line, result) in JSONLines.decode(Event.self, from: events.bytes) {
                switch result {
                case .success(let event) where !Engine.eventTimes.contains(event.time):
                    // Refused before any rebasing, so an absurd time can neither move the others nor wrap around.
                    problems.append((1, line, "\(events.name):\(line): time \(event.time) is not between 2000 and 2100 in epoch milliseconds"))
                case .success(let event): decoded.append((line, event))
                case .failure(let error): problems.append((1, line, "\(events.name):\(line): \(error.reason)"))
                }
            }
            if let rebaseTo, let latest = decoded.map(\.event.time).max() {
                let shift = rebaseTo &- latest
                for index in decoded.indices { decoded[index].event.time &+= shift }
            }
            // Stable: `sorted` is not guaranteed stable, so break ties by line number.
            decoded.sort { ($0.event.time, $0.line) < ($1.event.time, $1.line) }
            let refused = engine.ingest(decoded.map(\.event))
            for (index, rejection) in refused {
                let line = decoded[index].line
                problems.append((1, line, "\(events.name):\(line): \(rejection.reason)"))
            }
            report.events = decoded.count - refused.count
        }

        problems.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        report.problems = problems.map(\.text)
        report.skippedLines = problems.count
        return report
    }
}
