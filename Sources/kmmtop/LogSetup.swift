#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Where logs go: stderr, or a file with `--log-file`; never stdout, which belongs to the one
/// "listening on" line (and, later, to the dashboard's screen).
enum LogSetup {
    struct OpenError: Error, CustomStringConvertible {
        var description: String
    }

    /// ``bootstrap(logFile:level:)`` for a command: a log file that cannot be opened is a usage error.
    static func command(logFile: String?, level: Logger.Level = .info, label: String = "kmmtop.serve") throws(CommandError) -> Logger {
        do { return try bootstrap(logFile: logFile, level: level, label: label) } catch { throw CommandError(error.description) }
    }

    /// Bootstraps swift-log once, before anything logs. Returns the server's logger.
    static func bootstrap(logFile: String?, level: Logger.Level = .info, label: String = "kmmtop.serve") throws(OpenError) -> Logger {
        var fd: Int32 = 2
        if let logFile {
            fd = open(logFile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw OpenError(description: "cannot open log file \(logFile): \(String(cString: strerror(errno)))")
            }
        }
        let clock = TimestampCache()
        LoggingSystem.bootstrap { [fd] label in
            var handler = LineLogHandler(label: label, fd: fd, clock: clock)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
