import Dispatch
import Foundation
import Logging

/// Runs the configuration's `alerts.command` (by `/bin/sh -c`) with JSON lines on its stdin, off the
/// main queue, so the board never waits for it: one run at a time; lines that arrive meanwhile wait
/// (at most ``maxWaiting``; the oldest are dropped and the drop logged) and go to the next run, which
/// starts once the last has ended and at least ``minimumGap`` after it began. A run that fails or
/// takes longer than ``slowAfter`` is logged; nothing is killed (it is the user's program).
final class AlertCommand: @unchecked Sendable {
    let command: String
    private let logger: Logger
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

    init(command: String, logger: Logger) {
        self.command = command
        self.logger = logger
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
        // Written from a thread of its own: a command that does not read its stdin must not hold this queue.
        let text = Data((lines.joined(separator: "\n") + "\n").utf8)
        let writer = input.fileHandleForWriting
        DispatchQueue.global().async {
            signal(SIGPIPE, SIG_IGN)
            try? writer.write(contentsOf: text)
            try? writer.close()
        }
        try? input.fileHandleForReading.close()
    }
}
