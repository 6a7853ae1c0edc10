import Foundation

/// A per-run temporary directory for configuration files, secrets and outputs.
public final class Scratch: Sendable {
    public static let shared = Scratch()
    public let root: String

    init() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kmmtop-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: root + "/xdg-empty", withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { root + "/" + name }

    /// Writes `text` to a new file with `mode` and returns its path.
    @discardableResult
    public func write(_ text: String, named name: String = UUID().uuidString, mode: Int = 0o600) throws -> String {
        let file = path(name)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }
}
