import Foundation

/// The built `kmmtop` executable, found next to the test bundle (SwiftPM puts both in one build
/// directory): the binary every end-to-end test runs, as a person would.
public enum KmmtopExecutable {
    public static func url() throws -> URL {
        let starts = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])].compactMap { $0?.deletingLastPathComponent() }
        for start in starts {
            var directory = start
            for _ in 0..<5 {
                let file = directory.appendingPathComponent("kmmtop")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    FileManager.default.isExecutableFile(atPath: file.path)
                {
                    return file
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw TestFailure("kmmtop executable not found near \(starts.map(\.path))")
    }

    /// The environment children get: no user configuration (an empty `XDG_CONFIG_HOME`), no kmmtop variables.
    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KMMTOP") }
        environment["XDG_CONFIG_HOME"] = Scratch.shared.path("xdg-empty")
        return environment.merging(extra) { $1 }
    }
}
