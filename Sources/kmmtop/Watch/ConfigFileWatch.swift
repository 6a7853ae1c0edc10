import Foundation

/// Notices when the configuration file was written or replaced, by its modification time, checked on
/// the board's one-second tick (Linux's Dispatch has no file-system sources). Editors that save by
/// renaming are covered too: the path's time changes either way.
struct ConfigFileWatch: Sendable {
    let path: String
    private var lastModified: Date?

    init(path: String) {
        self.path = path
        lastModified = Self.modified(path)
    }

    /// Whether the file changed since the last call (a missing file is no change: keep what we have).
    mutating func changed() -> Bool {
        guard let now = Self.modified(path), now != lastModified else { return false }
        lastModified = now
        return true
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
