import Foundation
import Testing

/// A test process that crashes skips its `defer`s and leaves its tmux servers, and the boards in them,
/// running. The next run ends them: those of dead test processes only.
@Suite struct TmuxReapTests {
    @Test func serversOfDeadRunsAreEndedAndLiveOnesKept() async throws {
        let dead = try await Kmmtop.offPool { () throws -> pid_t in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            try process.run()
            process.waitUntilExit()
            return process.processIdentifier  // gone now, and not reused within the test
        }
        let orphan = "\(Tmux.socketPrefix)\(dead)-reap-test-\(UUID().uuidString)"
        let live = "\(Tmux.socketPrefix)\(getpid())-reap-test-\(UUID().uuidString)"
        defer { for name in [orphan, live] { _ = try? Self.tmux(name, ["kill-server"]) } }
        for name in [orphan, live] { _ = try Self.tmux(name, ["-f", "/dev/null", "new-session", "-d", "-s", "x", "sleep 600"]) }
        #expect(try Self.tmux(orphan, ["has-session", "-t", "x"]) == 0)
        #expect(kill(dead, 0) != 0 && errno == ESRCH, "pid \(dead) is not gone")

        try await Kmmtop.offPool { Tmux.reapServersOfDeadRuns() }

        // `kill-server` returns before the server has gone: wait for it (a few milliseconds).
        let gone = try await Kmmtop.offPool { () throws -> Bool in
            let deadline = Date().addingTimeInterval(5)
            while try Self.tmux(orphan, ["has-session", "-t", "x"]) == 0 {
                guard Date() < deadline else { return false }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return true
        }
        #expect(gone, "the dead run's server still runs")
        #expect(try Self.tmux(live, ["has-session", "-t", "x"]) == 0, "a live run's server was ended")
    }

    /// `tmux -L NAME ARGUMENTS`'s exit status, run as ``Tmux`` runs its commands.
    static func tmux(_ name: String, _ arguments: [String]) throws -> Int32 {
        try Tmux.command(socket: name, arguments).status
    }
}
