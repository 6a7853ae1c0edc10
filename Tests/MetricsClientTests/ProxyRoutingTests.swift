import Foundation
import Testing
@testable import MetricsClient

/// The proxy choice taking effect on the wire: an https request to a remote host goes to the proxy as
/// `CONNECT host:443` (the proxy here is a scripted server on loopback that refuses, so nothing leaves
/// the machine), and a loopback server is reached directly even with a proxy configured.
@Suite struct ProxyRoutingTests {
    @Test func httpsGoesThroughTheProxyWithCONNECT() async throws {
        let proxy = try await FaultyServer.start { _, _ in .respond(status: 403) }
        let configuration = ClientConfiguration(
            account: "90412345", server: URL(string: "https://metrics.example.test")!, credentials: .bearer(token: Secret("proxy-test-token")),
            connectTimeoutSeconds: 1, requestTimeoutSeconds: 2)
        let proxies = ProxySettings(https: .init(host: "127.0.0.1", port: proxy.port))
        let client = try MetricsClient(configuration: configuration, logger: LogCapture().logger, proxies: proxies)
        let result = await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: FaultTests.now)) }
        await client.shutdown()
        await proxy.stop()
        report("https through a refusing proxy: \(result.error.map { "\($0)" } ?? "ok") after \(String(format: "%.3f", result.seconds)) s")
        let received = proxy.snapshot.received
        #expect(received.first?.method == "CONNECT")
        #expect(received.first?.uri == "metrics.example.test:443")
        #expect(received.first?.header("Authorization") == nil)  // the credential never goes to the proxy
        guard case .cannotConnect(let host, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(host == "metrics.example.test")
    }

    @Test func loopbackBypassesTheProxy() async throws {
        let target = try await FaultyServer.start { _, request in
            .respond(status: 200, body: FaultTests.page(count: 2, offset: request.offset, all: true))
        }
        let proxy = try await FaultyServer.start { _, _ in .respond(status: 403) }
        let configuration = ClientConfiguration(
            account: "90412345", server: URL(string: "http://127.0.0.1:\(target.port)")!, connectTimeoutSeconds: 1, requestTimeoutSeconds: 2)
        let proxies = ProxySettings(https: .init(host: "127.0.0.1", port: proxy.port), http: .init(host: "127.0.0.1", port: proxy.port))
        let client = try MetricsClient(configuration: configuration, logger: LogCapture().logger, proxies: proxies)
        let snapshot: Snapshot?
        do { snapshot = try await client.snapshot(lastHourQuery(now: FaultTests.now)) } catch { snapshot = nil }
        await client.shutdown()
        await target.stop()
        await proxy.stop()
        #expect(snapshot?.groups.count == 2)
        #expect(proxy.snapshot.requests == 0)
        #expect(target.snapshot.requests == 1)
    }
}

@Suite struct DomainSchemeTests {
    @Test func httpOnlyForLoopbackAnswersOfALoopbackLookUp() {
        let local = URL(string: "http://127.0.0.1:8080")!
        let remote = URL(string: "https://api.liveperson.net")!
        #expect(DomainResolver.serviceURL(authority: "127.0.0.1:9000", csdsBaseURL: local)?.absoluteString == "http://127.0.0.1:9000")
        #expect(DomainResolver.serviceURL(authority: "localhost:9000", csdsBaseURL: local)?.absoluteString == "http://localhost:9000")
        #expect(DomainResolver.serviceURL(authority: "va.amw.liveperson.net", csdsBaseURL: local)?.absoluteString == "https://va.amw.liveperson.net")
        #expect(DomainResolver.serviceURL(authority: "127.0.0.1:9000", csdsBaseURL: remote)?.absoluteString == "https://127.0.0.1:9000")
        #expect(DomainResolver.serviceURL(authority: "va.amw.liveperson.net", csdsBaseURL: remote)?.absoluteString == "https://va.amw.liveperson.net")
        #expect(DomainResolver.serviceURL(authority: "evil.example/steal?x=", csdsBaseURL: remote) == nil)
    }
}
