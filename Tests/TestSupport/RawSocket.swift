import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client on loopback that sends exactly the bytes it is given: for requests no HTTP
/// client library would send (a 1 MB header, a body that stops halfway, a broken chunk size).
/// Use it off the cooperative pool (``offPool(_:)``).
public final class RawSocket: @unchecked Sendable {
    private let fd: Int32

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Connects to 127.0.0.1:`port`; reads give up after `readTimeout` seconds. `receiveBuffer` shrinks
    /// the socket's receive buffer (a client that reads little holds a server's answers in few bytes).
    public init(port: Int, readTimeout: Double = 15, receiveBuffer: Int32? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        self.fd = fd
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var timeout = timeval(tv_sec: Int(readTimeout), tv_usec: Int((readTimeout - readTimeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // A peer that stops reading makes `send` fail after the same time instead of blocking a test for ever.
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            _ = Glibc.close(fd)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
    }

    private var closed = false

    /// The port this end of the connection has (`getsockname`), to find it in `/proc/net/tcp`.
    public var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? Int(UInt16(bigEndian: address.sin_port)) : -1
    }

    /// Whether the server's end of the loopback connection from `clientPort` to `serverPort` has read
    /// everything sent to it (its receive queue in `/proc/net/tcp` is empty): how a test knows the
    /// server holds a request without a sleep.
    public static func serverHasRead(serverPort: Int, clientPort: Int) -> Bool {
        guard let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return false }
        let local = String(format: ":%04X", serverPort), remote = String(format: ":%04X", clientPort)
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[1].hasSuffix(local), fields[2].hasSuffix(remote) else { continue }
            return fields[4].split(separator: ":").last == "00000000"
        }
        return false
    }

    deinit { close() }

    /// Ends the sending side (the peer reads an EOF) and keeps reading: `shutdown(SHUT_WR)`.
    public func halfClose() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes the socket (a client going away).
    public func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }

    /// Sends all of `bytes`; false when the peer stopped taking them (reset or closed).
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// How a read to the end ended: the peer closed cleanly (EOF), reset the connection, or said
    /// nothing until the read timeout.
    public enum End: Sendable, Equatable {
        case closed, reset, timedOut
    }

    /// Everything until the peer closes (or resets, or the read timeout), and how it ended.
    public func readToEnd() -> (text: String, end: End) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return (String(decoding: data, as: UTF8.self), .closed) }
            if n < 0 { return (String(decoding: data, as: UTF8.self), errno == ECONNRESET ? .reset : .timedOut) }
            data += buffer[0..<n]
        }
    }

    /// One whole response framed by `Content-Length` (head and body), or what arrived before EOF, a reset
    /// or the read timeout. For a client that sends one request at a time: nothing after it is kept.
    public func readResponse() -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = data.indices.first(where: { data[$0...].starts(with: separator) }) {
                let head = String(decoding: data[..<end], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if data.count >= end + separator.count + length { return String(decoding: data, as: UTF8.self) }
            }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return String(decoding: data, as: UTF8.self) }
            data += buffer[0..<n]
        }
    }

    /// Reads until `marker` has arrived (or EOF, or the read timeout).
    public func read(until marker: String) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !String(decoding: data, as: UTF8.self).contains(marker) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The sockets process `pid` has open now (from /proc; Linux).
    public static func openSockets(of pid: Int32) -> Int {
        let directory = "/proc/\(pid)/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { entry in
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(entry)")) ?? "").hasPrefix("socket:")
        }.count
    }
}
