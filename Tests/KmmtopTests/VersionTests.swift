import Foundation
import KeyMetrics
import Testing

/// `kmmtop --version`: the version alone on stdout, status 0, for every face's parent command.
@Suite struct VersionTests {
    @Test func versionPrintsTheVersion() async throws {
        let outcome = try await Kmmtop.runOffPool(["--version"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == ProductVersion.current + "\n")
        #expect(outcome.stderr.isEmpty)
        #expect(ProductVersion.current.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
    }
}

/// The bash completion script the README installs, run by bash itself as a shell does on Tab: metric
/// names for the last name of `--metrics`, and only YAML files for `--config`.
@Suite struct CompletionScriptTests {
    @Test func bashCompletesMetricNamesAndConfigFiles() async throws {
        let script = try await Kmmtop.runOffPool(["--generate-completion-script", "bash"])
        #expect(script.status == 0, "\(script.stderr)")
        let directory = Scratch.shared.path("completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in ["wall.yaml", "night.yml", "notes.txt"] { try Data().write(to: URL(fileURLWithPath: "\(directory)/\(file)")) }
        try script.stdout.write(toFile: "\(directory)/kmmtop.bash", atomically: true, encoding: .utf8)
        /// COMPREPLY after Tab with the cursor at the end of `words` (the last word is the one completed).
        func complete(_ words: [String]) async throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let program = """
                cd '\(directory)' && source ./kmmtop.bash
                COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
                _kmmtop kmmtop "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let binDirectory = try KmmtopExecutable.url().deletingLastPathComponent().path
            let environment = Kmmtop.environment(["PATH": binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
            let outcome = try await Kmmtop.offPool { try BashRun.run(program, environment: environment) }
            return outcome.split(separator: "\n").map(String.init)
        }
        #expect(try await complete(["kmmtop", "snapshot", "--metrics", "online_agents,hu"]) == [
            "online_agents,human_agent_load", "online_agents,human_online_load", "online_agents,human_away_load",
        ])
        #expect(try await complete(["kmmtop", "snapshot", "--config", ""]).sorted() == ["night.yml", "wall.yaml"])
    }
}

/// Runs a bash program and returns its stdout.
enum BashRun {
    static func run(_ program: String, environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", program]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
