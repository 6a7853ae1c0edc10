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
            let output = try await Kmmtop.offPool { () -> String in
                let bash = try ChildProcess(["-c", program], executable: URL(fileURLWithPath: "/bin/bash"), environment: environment)
                guard bash.wait(timeout: 30) == 0 else { throw TestFailure("bash failed: \(bash.stderr())") }
                return bash.stdout()
            }
            return output.split(separator: "\n").map(String.init)
        }
        #expect(try await complete(["kmmtop", "snapshot", "--metrics", "online_agents,hu"]) == [
            "online_agents,human_agent_load", "online_agents,human_online_load", "online_agents,human_away_load",
        ])
        #expect(try await complete(["kmmtop", "snapshot", "--config", ""]).sorted() == ["night.yml", "wall.yaml"])
    }
}
