#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Synchronization

/// swift-log's `StreamLogHandler` line (`2026-12-02T08:19:16+0000 info kmmtop.serve: [kmmtop] GET / 200 0.1 ms`),
/// written with one `write(2)` per line, and its timestamp formatted once a second rather than once a
/// line: the stream handler calls `localtime`, which reads the time zone's file on every call, and
/// `kmmtop serve` logs every request (that was a twentieth of a request's time at the demo's size).
struct LineLogHandler: LogHandler {
    let label: String
    let fd: Int32
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private let clock: TimestampCache

    init(label: String, fd: Int32, clock: TimestampCache) {
        self.label = label
        self.fd = fd
        self.clock = clock
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // One line format; metadata is merged and sorted only when there is any (the request log's
        // lines carry none).
        var pretty = ""
        if !metadata.isEmpty || !(event.metadata?.isEmpty ?? true) || event.error != nil {
            var merged = metadata
            if let explicit = event.metadata { merged.merge(explicit, uniquingKeysWith: { _, new in new }) }
            if let error = event.error {
                merged["error.message"] = "\(error)"
                merged["error.type"] = "\(String(reflecting: type(of: error)))"
            }
            pretty = " " + merged.sorted(by: { $0.key < $1.key }).map { "\($0)=\($1)" }.joined(separator: " ")
        }
        StandardStreams.writeAll("\(clock.now()) \(event.level)\(label.isEmpty ? "" : " ")\(label):\(pretty) [\(event.source)] \(event.message)\n", to: fd)
    }
}

/// The local time as `%Y-%m-%dT%H:%M:%S%z`, formatted at most once per second and shared by every
/// handler of the process.
final class TimestampCache: Sendable {
    private let cached = Mutex<(second: Int, text: String)>((-1, ""))

    func now() -> String {
        var seconds = time(nil)
        let second = Int(seconds)
        if let hit = cached.withLock({ $0.second == second ? $0.text : nil }) { return hit }
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        let text = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        cached.withLock { $0 = (second, text) }
        return text
    }
}
