#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Direct, unbuffered writes to the standard streams. stdout carries exactly one line (the address
/// the server listens on) and must be flushed the moment it is written, so a parent process reading
/// it never waits on a buffer; `write(2)` has no buffer to flush.
enum StandardStreams {
    static func writeLine(_ text: String, to fd: Int32 = STDOUT_FILENO) {
        writeAll(text + "\n", to: fd)
    }

    /// Writes all of `text`, retrying short writes and interruptions; gives up silently on a closed stream.
    static func writeAll(_ text: String, to fd: Int32) {
        _ = put(text, to: fd)
    }

    /// Writes all of `text`; `false` when the stream is closed or failing (EPIPE: the reader is gone).
    static func put(_ text: String, to fd: Int32) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    static func errorLine(_ text: String) {
        writeLine(text, to: STDERR_FILENO)
    }
}
