import Foundation
import HummingbirdTesting
import Testing
import TestSupport
@testable import MetricsServer

/// One connection carrying several requests at once (HTTP/1.1 pipelining): the metrics routes are
/// answered on the event loop and the others by Hummingbird, and the answers must still come back in
/// the order the requests were sent, each whole.
@Suite struct PipeliningTests {
    static let body = String(decoding: Array(Fixture.json(Fixture.request()).readableBytesView), as: UTF8.self)
    static let metrics = "POST \(Fixture.metricsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
    static let domain = "GET /api/account/\(Fixture.account)/service/baseURI.json?version=1.0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    static let openAPI = "GET /openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    /// Sends `bytes` on a fresh connection (half-closing after them if asked) and reads to the end.
    static func exchange(port: Int, _ bytes: String, halfClose: Bool = false) async throws -> (text: String, end: RawSocket.End) {
        try await offPool {
            let socket = try RawSocket(port: port)
            defer { socket.close() }
            socket.send(bytes)
            if halfClose { socket.halfClose() }
            return socket.readToEnd()
        }
    }

    /// The answers' status lines and bodies, split on the status lines.
    static func answers(_ text: String) -> [String] {
        text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0) }
    }

    @Test func answersComeBackInRequestOrder() async throws {
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            let (text, end) = try await Self.exchange(port: port, Self.openAPI + Self.metrics + "\r\n" + Self.body + Self.domain + Self.metrics + "Connection: close\r\n\r\n" + Self.body)
            let answers = Self.answers(text)
            try #require(answers.count == 4, "\(text.prefix(2000))")
            #expect(answers.allSatisfy { $0.hasPrefix("200 OK") })
            #expect(answers[0].contains("openapi:"))
            #expect(answers[1].contains(#""groupByField":"agentGroupId""#))
            #expect(answers[2].contains(#""baseURIs""#))
            #expect(answers[3].contains(#""groupByField":"agentGroupId""#))
            // Every answer is dated; the last one says the connection ends, and it does.
            #expect(answers.allSatisfy { $0.range(of: #"\r\n[Dd]ate: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n"#, options: .regularExpression) != nil })
            #expect(answers[3].lowercased().contains("connection: close"))
            #expect(end == .closed)
        }
    }

    /// A metrics answer held by `--latency` holds what was sent after it on that connection too.
    @Test func aHeldAnswerKeepsItsPlace() async throws {
        var settings = Fixture.settings()
        settings.latencyMillis = 200
        try await Fixture.app(settings).test(.live) { client in
            let port = try #require(client.port)
            let (text, end) = try await Self.exchange(port: port, Self.metrics + "\r\n" + Self.body + Self.domain + Self.metrics + "Connection: close\r\n\r\n" + Self.body)
            #expect(end == .closed)
            let answers = Self.answers(text)
            try #require(answers.count == 3, "\(text.prefix(2000))")
            #expect(answers[0].contains("groupByField"))
            #expect(answers[1].contains("baseURIs"))
            #expect(answers[2].contains("groupByField"))
        }
    }

    /// After an answer that ends the connection (a body declared too large) nothing more the client
    /// sent is taken: the request behind it is neither answered nor logged.
    @Test func nothingIsReadAfterAnAnswerThatEndsTheConnection() async throws {
        let logs = LogCapture()
        try await Fixture.app(logs: logs).test(.live) { client in
            let port = try #require(client.port)
            let huge = "POST \(Fixture.metricsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n"
            let (text, end) = try await Self.exchange(port: port, huge + Self.metrics + "\r\n" + Self.body, halfClose: true)
            #expect(Self.answers(text).count == 1)
            #expect(text.hasPrefix("HTTP/1.1 413"))
            #expect(end == .closed)
            #expect(logs.count("POST \(Fixture.metricsPath)") == 1, "\(logs.all)")
        }
    }

    /// While a held answer waits, the next request's head and half its body arrive: the held answer is
    /// not taken for an early one (it ends nothing), and the next request, finished later, is answered.
    @Test func theNextRequestMayArriveWhileAnAnswerIsHeld() async throws {
        var settings = Fixture.settings()
        settings.latencyMillis = 300
        try await Fixture.app(settings).test(.live) { client in
            let port = try #require(client.port)
            let body = Self.body
            let half = body.utf8.count / 2
            let first = try await offPool {
                let socket = try RawSocket(port: port)
                socket.send(Self.metrics + "\r\n" + body + Self.metrics + "\r\n" + String(body.prefix(half)))
                return (socket, socket.read(until: "metadata"))
            }
            let (socket, text) = first
            defer { socket.close() }
            #expect(text.hasPrefix("HTTP/1.1 200 OK"), "\(text.prefix(300))")
            #expect(!text.lowercased().contains("connection: close"), "\(text.prefix(300))")
            let second = try await offPool {
                socket.send(String(body.dropFirst(half)) + Self.domain.replacingOccurrences(of: "HTTP/1.1\r\n", with: "HTTP/1.1\r\nConnection: close\r\n"))
                return socket.readToEnd()
            }
            let answers = Self.answers(text + second.text)
            #expect(answers.count == 3, "\((text + second.text).prefix(3000))")
            #expect(answers.dropFirst().first?.contains("groupByField") == true)
            #expect(answers.last?.contains("baseURIs") == true)
            #expect(second.end == .closed)
        }
    }

    /// A client that half-closes right after its request still gets the held answer, then the end.
    @Test func aHalfCloseWaitsForTheAnswer() async throws {
        var settings = Fixture.settings()
        settings.latencyMillis = 200
        try await Fixture.app(settings).test(.live) { client in
            let port = try #require(client.port)
            let (text, end) = try await Self.exchange(port: port, Self.metrics + "\r\n" + Self.body, halfClose: true)
            #expect(text.hasPrefix("HTTP/1.1 200 OK"), "\(text.prefix(300))")
            #expect(text.contains(#""groupByField":"agentGroupId""#))
            #expect(end == .closed)
        }
    }

    /// A client that sends and never reads is held by TCP: the server stops reading once its answers
    /// back up, instead of queueing them without bound, and keeps answering everyone else. (The built
    /// binary, so the answers it computes meanwhile keep no other test's event loop busy; large answers,
    /// a minute per point, so that few requests fill the buffers.)
    @Test func aClientThatNeverReadsIsHeldByTCP() async throws {
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--no-auth", "--agents", "20", "--skills", "4", "--groups", "2"])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(20))
        let port = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let body = #"{"filters":{"time":{"from":\#(now - 3_600_000),"to":\#(now)}},"groupBy":"skillId","metricsToRetrieveByTime":["closed_conversations","avg_wait_time"]}"#
        let path = "/manager_workspace/api/account/90412345/historical?interval=1"
        let request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let limit = 48 << 20
        let sent = try await offPool {
            let socket = try RawSocket(port: port, readTimeout: 1, receiveBuffer: 4096)
            defer { socket.close() }
            let chunk = Array(String(repeating: request, count: 20).utf8)
            var sent = 0
            while sent < limit, socket.send(chunk) { sent += chunk.count }
            return sent
        }
        print("a client that never reads: the server stopped taking its requests after \(sent / 1024) KiB (\(sent / request.utf8.count) requests)")
        #expect(sent < limit)
        let (status, _) = try await HTTP.post(port: port, path: "/manager_workspace/api/account/90412345/metrics", body: body)
        #expect(status == 200)
    }

    @Test func theDateIsIMFFixdate() {
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 1_796_169_599) == "Tue, 01 Dec 2026 23:59:59 GMT")
        #expect(HTTPDate.format(epochSeconds: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }
}
