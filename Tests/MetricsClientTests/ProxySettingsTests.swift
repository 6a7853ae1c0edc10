import Foundation
import Testing
@testable import MetricsClient

@Suite struct ProxySettingsTests {
    let corporate = ProxySettings.Endpoint(host: "proxy.corp", port: 3128)

    @Test func readsEitherSpellingLowerCaseWins() {
        let both = ProxySettings(environment: ["HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2"])
        #expect(both.https == .init(host: "lower", port: 2))
        let upper = ProxySettings(environment: ["HTTPS_PROXY": "proxy.corp:3128", "NO_PROXY": "example.com"])
        #expect(upper.https == corporate)
        #expect(upper.noProxy == ["example.com"])
        #expect(ProxySettings(environment: [:]) == ProxySettings())
    }

    @Test func parsesProxyURLs() {
        #expect(ProxySettings.Endpoint(parsing: "http://proxy.corp:3128/") == corporate)
        #expect(ProxySettings.Endpoint(parsing: "proxy.corp") == .init(host: "proxy.corp", port: 80))
        #expect(ProxySettings.Endpoint(parsing: "https://proxy.corp") == .init(host: "proxy.corp", port: 443))
        let withUser = ProxySettings.Endpoint(parsing: "http://me:p%40ss@proxy.corp:8080")
        #expect(withUser?.username?.reveal() == "me")
        #expect(withUser?.password?.reveal() == "p@ss")
        #expect("\(withUser!)" == "proxy.corp:8080")  // never the credentials
        #expect(ProxySettings.Endpoint(parsing: "  ") == nil)
    }

    @Test func httpsTargetsUseHTTPSProxyOnly() {
        let settings = ProxySettings(https: corporate)
        #expect(settings.proxy(for: URL(string: "https://va.amw.liveperson.net/x")!) == corporate)
        #expect(settings.proxy(for: URL(string: "http://metrics.example.com/x")!) == nil)
        let http = ProxySettings(http: corporate)
        #expect(http.proxy(for: URL(string: "http://metrics.example.com")!) == corporate)
        #expect(http.proxy(for: URL(string: "https://metrics.example.com")!) == nil)
    }

    @Test func loopbackIsNeverProxied() {
        let settings = ProxySettings(https: corporate, http: corporate)
        for url in ["http://127.0.0.1:8080", "https://127.9.8.7", "http://localhost:1", "https://[::1]:443", "http://api.localhost"] {
            #expect(settings.proxy(for: URL(string: url)!) == nil, "\(url)")
        }
        #expect(settings.proxy(for: URL(string: "https://128.0.0.1")!) == corporate)
    }

    @Test(arguments: [
        ("example.com", "example.com", true),
        ("example.com", "api.example.com", true),
        ("example.com", "notexample.com", false),
        (".example.com", "api.example.com", true),
        (".example.com", "example.com", true),
        ("*.example.com", "a.b.example.com", true),
        ("EXAMPLE.com", "Api.Example.COM", true),
        ("example.com:443", "example.com", true),
        ("*", "anything.at.all", true),
        ("10.1.2.3", "10.1.2.3", true),
        ("10.1.2.3", "10.1.2.30", false),
        ("[fd00::1]:8080", "fd00::1", true),
        ("", "example.com", false),
    ])
    func noProxyMatching(rule: String, host: String, bypass: Bool) {
        let settings = ProxySettings(environment: ["https_proxy": "proxy.corp:3128", "no_proxy": "other.net, \(rule) ,"])
        #expect(settings.bypasses(host: host) == bypass)
        #expect((settings.proxy(for: URL(string: "https://\(host.contains(":") ? "[\(host)]" : host)/")!) == nil) == bypass)
    }
}

@Suite struct HostRulesTests {
    @Test func loopback() {
        for host in ["127.0.0.1", "127.255.0.9", "localhost", "LOCALHOST", "::1", "[::1]", "a.localhost", "localhost."] {
            #expect(HostRules.isLoopback(host), "\(host)")
        }
        for host in ["128.0.0.1", "127.0.0", "127.0.0.1.example.com", "example.com", "::2", "0.0.0.0", "1270.0.0.1", ""] {
            #expect(!HostRules.isLoopback(host), "\(host)")
        }
    }

    @Test func domainAnswersMustBeHostAndPort() {
        #expect(HostRules.baseURL(authority: "va.amw.liveperson.net", scheme: "https")?.absoluteString == "https://va.amw.liveperson.net")
        #expect(HostRules.baseURL(authority: "127.0.0.1:8080", scheme: "http")?.port == 8080)
        for hostile in ["evil.com/path", "user@evil.com", "a b", "evil.com?x", "", "evil.com#x", "\u{1b}[2J"] {
            #expect(HostRules.baseURL(authority: hostile, scheme: "https") == nil, "\(hostile)")
        }
    }
}
