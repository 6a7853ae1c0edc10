import Foundation
import KeyMetrics
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `GET /metrics` on `kmmtop serve` and on `kmmtop relay`, read by Prometheus' own text parser (the
/// `prometheus-client` package): a labelled sample of every metric of the view served, with the value
/// the client was given.
@Suite(.serialized) struct PrometheusBinaryTests {
    static let account = "90412345"

    /// Every sample the parser reads from `text`: name, labels, value.
    static func parse(_ text: String) throws -> [(name: String, labels: [String: String], value: Double)] {
        let input = try Scratch.shared.write(text, named: "exposition-\(UUID().uuidString).txt", mode: 0o644)
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for sample in family.samples:
                    out.append([sample.name, sample.labels, sample.value])
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("Prometheus' parser refused the exposition (or prometheus-client is missing: pip install prometheus-client): \(errors)")
        }
        let samples = try #require(try JSONSerialization.jsonObject(with: data) as? [[Any]])
        return samples.compactMap { sample in
            guard sample.count == 3, let name = sample[0] as? String, let labels = sample[1] as? [String: String],
                let value = (sample[2] as? NSNumber)?.doubleValue
            else { return nil }
            return (name, labels, value)
        }
    }

    static func scrape(_ base: String) async throws -> String {
        let url = try #require(URL(string: "\(base)/metrics"))
        let (data, response) = try await URLSession.shared.data(from: url)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect((http.value(forHTTPHeaderField: "Content-Type") ?? "").hasPrefix("text/plain; version=0.0.4"))
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyMetricOfTheViewServedOnServeAndRelay() async throws {
        let server = try await Kmmtop.Server.start([])
        defer { server.stop() }
        let relay = try await Kmmtop.Server.start(["--server", server.baseURL, "--account", Self.account, "--no-auth"], command: "relay")
        defer { relay.stop() }

        // Every metric there is, by skill, through the relay (so both the relay and the server serve it).
        let metrics = Metric.allCases
        let snapshot = try await Kmmtop.runOffPool([
            "snapshot", "--server", relay.baseURL, "--account", Self.account, "--format", "json",
            "--metrics", metrics.map(\.wireName).joined(separator: ","),
        ])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.stdout.utf8)) as? [String: Any])
        let groups = try #require(document["groups"] as? [[String: Any]])
        #expect(groups.count >= 10)
        let all = try #require(document["all"] as? [String: Any])

        for (face, base) in [("relay", relay.baseURL), ("serve", server.baseURL)] {
            let samples = try Self.parse(try await Self.scrape(base))
            var byLabels: [String: Double] = [:]
            // The relay's view is the client's (1h); the server's is the relay's upstream request, its window
            // rounded out to whole minutes as the API reads it (61m, or 1h on a minute's first millisecond).
            let windows: Set<String> = face == "relay" ? ["1h"] : ["1h", "61m"]
            for sample in samples where windows.contains(sample.labels["window"] ?? "") && sample.labels["filters"] == "" {
                byLabels["\(sample.name) \(sample.labels["account"] ?? "?") \(sample.labels["group_by"] ?? "?") \(sample.labels["key"] ?? "?") \(sample.labels["name"] ?? "?")"] = sample.value
            }
            var checked = 0
            func check(_ values: [String: Any], groupBy: String, key: String, name: String) {
                for metric in metrics {
                    guard let number = values[metric.responseKey] as? NSNumber else { continue }  // null: no data, no sample
                    let (family, expected): (String, Double) =
                        switch metric.info.unit {
                        case .milliseconds: ("kmm_\(metric.info.wireName)_seconds", number.doubleValue / 1000)
                        case .fraction: ("kmm_\(metric.info.wireName)_ratio", number.doubleValue)
                        case .count: ("kmm_\(metric.info.wireName)", number.doubleValue)
                        }
                    let label = "\(family) \(Self.account) \(groupBy) \(key) \(name)"
                    guard let value = byLabels[label] else {
                        Issue.record("\(face): no sample \(label)")
                        continue
                    }
                    #expect(abs(value - expected) <= 1e-9 * max(1, abs(expected)), "\(face): \(label) is \(value), the client got \(expected)")
                    checked += 1
                }
            }
            check(all, groupBy: "all", key: "", name: "")
            for group in groups {
                check(group["metrics"] as? [String: Any] ?? [:], groupBy: "skillId", key: group["key"] as? String ?? "?", name: group["name"] as? String ?? "?")
            }
            #expect(checked >= metrics.count * 8, "\(face): \(checked) samples checked")
            if face == "relay" {
                let names = Set(samples.map(\.name))
                for name in ["kmmtop_relay_upstream_requests_total", "kmmtop_relay_cache_hits_total", "kmmtop_relay_budget_used", "kmmtop_relay_refused_total"] {
                    #expect(names.contains(name), "relay: \(name) missing")
                }
                #expect(samples.first { $0.name == "kmmtop_relay_upstream_requests_total" }?.value == 1, "one upstream request for the one page")
            }
        }
    }
}
