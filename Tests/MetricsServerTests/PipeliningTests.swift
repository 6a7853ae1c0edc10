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

    /// The answers' status lines and bodies, split on the status lines.
    static func answers(_ text: String) -> [String] {
        text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0) }
    }

    @Test func answersComeBackInRequestOrder() async throws {
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            let (text, end) = try await offPool {
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                socket.send(Self.openAPI + Self.metrics + "\r\n" + Self.body + Self.domain + Self.metrics + "Connection: close\r\n\r\n" + Self.body)
                return socket.readToEnd()
            }
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
            let (text, end) = try await offPool {
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                socket.send(Self.metrics + "\r\n" + Self.body + Self.domain + Self.metrics + "Connection: close\r\n\r\n" + Self.body)
                return socket.readToEnd()
            }
            #expect(end == .closed)
            let answers = Self.answers(text)
            try #require(answers.count == 3, "\(text.prefix(2000))")
            #expect(answers[0].contains("groupByField"))
            #expect(answers[1].contains("baseURIs"))
            #expect(answers[2].contains("groupByField"))
        }
    }

    @Test func theDateIsIMFFixdate() {
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 1_796_169_599) == "Tue, 01 Dec 2026 23:59:59 GMT")
        #expect(HTTPDate.format(epochSeconds: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }
}
