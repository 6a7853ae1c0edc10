import Dispatch
import Foundation
import Logging

/// Runs the configuration's `alerts.command` (by `/bin/sh -c`) with JSON lines on its stdin, off the
/// main queue, so the board never waits for it: one run at a time; lines that arrive meanwhile wait
/// (at most ``maxWaiting``; the oldest are dropped and the drop logged) and go to the next run, which
/// starts once the last has ended and at least ``minimumGap`` after it began. A run that fails or
/// takes longer than ``slowAfter`` is logged; one still running after ``stopAfter`` is sent SIGTERM
/// (a hung command would otherwise hold every later alert back for good).
///
/// The command runs with the board's environment less the variables that hold its credentials: the
/// user's program has no business with the account's secrets.
final class AlertCommand: @unchecked Sendable {
    private let logger: Logger
    private let environment: [String: String]
    // Touched on `queue` only; a reload's new command applies from the next run.
    private var command: String
    private let queue = DispatchQueue(label: "kmmtop.alert-command")
    // Touched on `queue` only.
    private var waiting: [String] = []
    private var running = false
    private var lastStart: DispatchTime?
    /// Counts runs, so a late check knows whether the run it was set for is still the one going.
    private var runs = 0

    static let maxWaiting = 1_000
    static let minimumGap: DispatchTimeInterval = .seconds(1)
    static let slowAfter: DispatchTimeInterval = .seconds(10)
    static let stopAfter: DispatchTimeInterval = .seconds(30)

    init(command: String, environment: [String: String], logger: Logger) {
        self.command = command
        self.environment = environment
        self.logger = logger
    }

    /// A reloaded configuration named another command: the next run uses it (one runner, so the old
    /// and the new never run at once).
    func update(command: String) {
        queue.async { self.command = command }
    }

    /// Queues `lines` and returns at once.
    func send(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        queue.async {
            self.waiting += lines
            if self.waiting.count > Self.maxWaiting {
                let dropped = self.waiting.count - Self.maxWaiting
                self.waiting.removeFirst(dropped)
                self.logger.warning("alert command is behind: \(dropped) breach changes dropped")
            }
            self.startIfIdle()
        }
    }

    private func startIfIdle() {
        guard !running, !waiting.isEmpty else { return }
        if let lastStart, DispatchTime.now() < lastStart + Self.minimumGap {
            queue.asyncAfter(deadline: lastStart + Self.minimumGap) { self.startIfIdle() }
            return
        }
        let lines = waiting
        waiting = []
        running = true
        runs += 1
        let run = runs
        lastStart = .now()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = DispatchTime.now()
        process.terminationHandler = { [logger] process in
            if process.terminationStatus != 0 {
                logger.warning("alert command exited with status \(process.terminationStatus)")
            }
            self.queue.async {
                self.running = false
                self.startIfIdle()
            }
        }
        do {
            try process.run()
        } catch {
            logger.error("alert command could not start: \(error)")
            running = false
            return
        }
        queue.asyncAfter(deadline: started + Self.slowAfter) {
            if self.running, self.runs == run { self.logger.warning("alert command still running after 10 s; later breach changes wait for it") }
        }
        queue.asyncAfter(deadline: started + Self.stopAfter) {
            guard self.running, self.runs == run, process.isRunning else { return }
            self.logger.warning("alert command still running after 30 s: sent SIGTERM")
            process.terminate()
        }
        // Written from a thread of its own: a command that does not read its stdin must not hold this queue
        // (SIGPIPE is ignored process-wide, TerminalEvents).
        let text = Data((lines.joined(separator: "\n") + "\n").utf8)
        let writer = input.fileHandleForWriting
        DispatchQueue.global().async {
            try? writer.write(contentsOf: text)
            try? writer.close()
        }
        try? input.fileHandleForReading.close()
    }
}
