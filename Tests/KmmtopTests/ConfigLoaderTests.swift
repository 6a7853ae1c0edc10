import ArgumentParser
import Dashboard
import Foundation
import MetricsClient
import Testing

@testable import kmmtop

@Suite struct ConfigLoaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func parse(_ text: String) throws(ConfigError) -> KmmtopConfig {
        try ConfigLoader.parse(text, file: "config.yaml")
    }

    func error(_ text: String) -> String {
        do throws(ConfigError) {
            _ = try parse(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func theDocumentedExampleLoads() throws {
        let config = try ConfigLoader.load(file: Self.repository.appendingPathComponent("config/kmmtop.yaml").path)
        #expect(config.account?.value == "90412345")
        #expect(config.auth?.method == .bearer)
        #expect(config.auth?.secrets[.token]?.source == .environment("KMMTOP_TOKEN"))
        #expect(config.poll == KmmtopConfig.Poll(interval: 10, requestsPerMinute: 60, maxConcurrent: 2, connectTimeout: 5, requestTimeout: 20))
        #expect(config.allowInsecureHTTP == false)
        let dashboard = config.dashboard
        #expect(dashboard.view == ViewSettings(grouping: .skill, windowMillis: 3_600_000, userTypes: .human, includeSubGroups: false))
        #expect(dashboard.theme == .dark)
        #expect(dashboard.thresholds.perMetric[.avgWaitTime] == Threshold(warn: 120_000, crit: 300_000, dwellMillis: 30_000))
        #expect(dashboard.thresholds.perMetric[.humanAgentLoad] == Threshold(warn: 0.85, crit: 0.95))
        #expect(dashboard.thresholds.perMetric[.onlineAgents] == Threshold(direction: .below, warn: 3, crit: 1))
        #expect(dashboard.thresholds.perMetric[.queueWaitTime90thPercentile] == Threshold(warn: 180_000, crit: 600_000))
        #expect(dashboard.thresholds.overrides["1641709730"]?[.avgWaitTime] == Threshold(warn: 30_000, crit: 60_000))
        #expect(dashboard.panels == Panel.allCases)
    }

    @Test func thresholdAndViewErrorsNameTheLineAndKey() {
        #expect(error("thresholds:\n  avgWiatTime: { warn: 2m }\n").hasPrefix("config.yaml:2: thresholds.avgWiatTime: unknown metric"))
        #expect(error("thresholds:\n  avgWaitTime: { warn: 2 minutes }\n")
            == #"config.yaml:2: thresholds.avgWaitTime.warn: expected a duration like 30s, 2m or 1h, got "2 minutes""#)
        #expect(error("thresholds:\n  humanAgentLoad: { warn: 95%, crit: 85% }\n")
            == "config.yaml:2: thresholds.humanAgentLoad: warn must not be above crit")
        #expect(error("thresholds:\n  onlineAgents: { warn: 3, below_crit: 1 }\n")
            == "config.yaml:2: thresholds.onlineAgents: give warn/crit or below_warn/below_crit, not both")
        #expect(error("thresholds:\n  overrides:\n    \"7\":\n      avgWaitTime: { warm: 1m }\n")
            .hasPrefix("config.yaml:4: thresholds.overrides.7.avgWaitTime.warm: unknown key"))
        #expect(error("view:\n  theme: neon\n") == #"config.yaml:2: view.theme: expected one of dark, light, mono, got "neon""#)
        #expect(error("view:\n  window: 25h\n") == "config.yaml:2: view.window: at most 24h (the API's longest window), got \"25h\"")
        #expect(error("view:\n  user_types: [ROBOT]\n") == #"config.yaml:2: view.user_types: expected HUMAN or BOT, got "ROBOT""#)
    }

    @Test func thresholdsDefaultToTheDocumentedOnesAndAnEmptySectionTurnsThemOff() throws {
        #expect(try parse("account: \"1\"\n").dashboard.thresholds == DashboardSections.defaultThresholds)
        #expect(KmmtopConfig().dashboard.thresholds == DashboardSections.defaultThresholds)
        #expect(try parse("thresholds: {}\n").dashboard.thresholds.isEmpty)
    }

    @Test func alertsDefaultToTheBellAndNoCommand() throws {
        #expect(try parse("").dashboard.alerts == AlertSettings(bell: true, command: nil))
        #expect(try parse("alerts:\n  bell: false\n  command: notify-team --channel ops\n").dashboard.alerts
            == AlertSettings(bell: false, command: "notify-team --channel ops"))
    }

    @Test func viewPanelsChooseAndOrderThePanels() throws {
        #expect(try parse("").dashboard.panels == Panel.allCases)
        #expect(try parse("view:\n  panels: [queue, availability]\n").dashboard.panels == [.queue, .availability])
        #expect(try parse("view:\n  panels:\n    - waits\n    - load\n    - closures\n").dashboard.panels == [.waits, .load, .closures])
        #expect(error("view:\n  panels: [queue, queues]\n")
            == #"config.yaml:2: view.panels: expected one of availability, load, waits, closures, queue, got "queues""#)
        #expect(error("view:\n  panels:\n    - queue\n    - queue\n") == #"config.yaml:4: view.panels: "queue" is listed twice"#)
        #expect(error("view:\n  panels: []\n").hasPrefix("config.yaml:2: view.panels: expected a list of one or more of availability, load, waits, closures, queue"))
        #expect(error("view:\n  panels: queue\n").hasPrefix("config.yaml:2: view.panels: expected a list of one or more of"))
    }

    @Test func userTypesBothOrNoneMeanAll() throws {
        #expect(try parse("view:\n  user_types: [HUMAN, BOT]\n").dashboard.view.userTypes == nil)
        #expect(try parse("view:\n  user_types: []\n").dashboard.view.userTypes == nil)
        #expect(try parse("view:\n  user_types: [BOT]\n").dashboard.view.userTypes == .bot)
    }

    @Test func anEmptyOrCommentOnlyFileIsNoAccount() throws {
        #expect(try parse("").account == nil)
        #expect(try parse("# nothing yet\n").account == nil)
    }

    @Test func everyErrorNamesFileLineAndKey() {
        let cases: [(String, String)] = [
            ("account: \"1\"\npoll:\n  interval: 10s\n  max_concurrent: 2\n\n\n  requests_per_minute: lots\n",
             #"config.yaml:7: poll.requests_per_minute: expected a whole number above 0, got "lots""#),
            ("account: \"1\"\npolls:\n  interval: 10s\n",
             "config.yaml:2: polls: unknown key; valid keys: account, domain, server, csds_url, allow_insecure_http, auth, poll, view, thresholds, alerts"),
            ("alerts:\n  bell: loud\n", #"config.yaml:2: alerts.bell: expected true or false, got "loud""#),
            ("alerts:\n  command: \"  \"\n", "config.yaml:2: alerts.command: expected a command to run, got an empty string"),
            ("alerts:\n  email: sup@example.com\n", "config.yaml:2: alerts.email: unknown key; valid keys here: bell, command"),
            ("poll:\n  interval: soon\n", #"config.yaml:2: poll.interval: expected a duration above 0 like 10s, 2m or 500ms, got "soon""#),
            ("poll:\n  max_concurrent: 0\n", #"config.yaml:2: poll.max_concurrent: expected a whole number above 0, got "0""#),
            ("poll:\n  request_timeout: [1, 2]\n", "config.yaml:2: poll.request_timeout: expected a duration above 0 like 10s, 2m or 500ms, got a list"),
            ("poll: 10s\n", #"config.yaml:1: poll: expected a mapping of keys to values, got "10s""#),
            ("account: \"9 9\"\n", #"config.yaml:1: account: expected an account id (letters, digits, '-' or '_'), got "9 9""#),
            ("allow_insecure_http: maybe\n", #"config.yaml:1: allow_insecure_http: expected true or false, got "maybe""#),
            ("server: ftp://x\n", #"config.yaml:1: server: expected an absolute http:// or https:// URL with a host, like https://va.amw.liveperson.net, got "ftp://x""#),
            ("domain: https://va.amw.liveperson.net\n", #"config.yaml:1: domain: expected a host name like va.amw.liveperson.net (for a full URL use server:), got "https://va.amw.liveperson.net""#),
            ("domain: a.example\nserver: https://b.example\n", "config.yaml:2: server: give either domain or server, not both"),
            ("auth:\n  token_env: T\n", "config.yaml:2: auth.method: missing; valid values: bearer, oauth1, oauth2"),
            ("auth:\n  method: basic\n", #"config.yaml:2: auth.method: expected one of bearer, oauth1, oauth2, got "basic""#),
            ("auth:\n  method: bearer\n", "config.yaml:2: auth: method bearer needs token_env or token_file (secrets come from the environment or a file, never from the configuration itself)"),
            ("auth:\n  method: bearer\n  token: abc\n", "config.yaml:3: auth.token: unknown key; valid keys here: method, token_env, token_file, consumer_key_env, consumer_key_file, consumer_secret_env, consumer_secret_file, access_token_env, access_token_file, access_token_secret_env, access_token_secret_file, client_id_env, client_id_file, client_secret_env, client_secret_file"),
            ("auth:\n  method: bearer\n  token_env: T\n  token_file: t\n", "config.yaml:4: auth.token_file: give either token_env or token_file, not both"),
            ("auth:\n  method: bearer\n  token_env: T\n  client_id_env: C\n", "config.yaml:4: auth.client_id_env: not used by method bearer, which takes token_env/_file"),
            ("auth:\n  method: oauth2\n  client_id_env: C\n", "config.yaml:2: auth: method oauth2 needs client_secret_env or client_secret_file (secrets come from the environment or a file, never from the configuration itself)"),
            ("auth:\n  method: bearer\n  token_env: \"my token\"\n", #"config.yaml:3: auth.token_env: expected the name of an environment variable (letters, digits, '_'), got "my token""#),
            ("view:\n  group_by: skill\n  colour: red\n", "config.yaml:3: view.colour: unknown key; valid keys here: group_by, window, user_types, include_sub_groups, panels, theme, mouse"),
            ("account: \"1\"\naccount: \"2\"\n", "config.yaml:2: account: given twice"),
            ("account: [\"1\"\n", "config.yaml:2: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
            ("- a\n- b\n", "config.yaml:1: expected a mapping of keys to values, got a list"),
        ]
        for (text, expected) in cases {
            #expect(error(text) == expected, "for:\n\(text)")
        }
    }

    @Test func nullValuesAreAbsent() throws {
        let config = try parse("account:\ndomain: ~\npoll:\n")
        #expect(config.account == nil && config.domain == nil && config.poll == KmmtopConfig.Poll())
    }

    @Test func aMissingExplicitFileIsAnErrorAndAMissingDefaultIsDemo() throws {
        let missing = Scratch.shared.path("no-such-config.yaml")
        do throws(ConfigError) {
            _ = try ConfigLoader.load(explicitPath: missing, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "cannot read configuration file \(missing): no such file")
        }
        let config = try ConfigLoader.load(explicitPath: nil, environment: ["XDG_CONFIG_HOME": Scratch.shared.path("xdg-empty")])
        #expect(config.file == nil && config.account == nil)
        #expect(ConfigLoader.defaultPath(environment: ["HOME": "/home/sup"]) == "/home/sup/.config/kmmtop/config.yaml")
        #expect(ConfigLoader.defaultPath(environment: ["HOME": "/home/sup", "XDG_CONFIG_HOME": "/x"]) == "/x/kmmtop/config.yaml")
    }

    @Test func theDefaultPathIsRead() throws {
        let xdg = Scratch.shared.path("xdg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: xdg + "/kmmtop", withIntermediateDirectories: true)
        try "account: \"777\"\n".write(toFile: xdg + "/kmmtop/config.yaml", atomically: false, encoding: .utf8)
        let config = try ConfigLoader.load(explicitPath: nil, environment: ["XDG_CONFIG_HOME": xdg])
        #expect(config.account?.value == "777")
        #expect(config.file == xdg + "/kmmtop/config.yaml")
    }
}

/// The alert command's environment never carries the board's credentials.
@Suite struct AlertEnvironmentTests {
    @Test func credentialsStayWithTheBoard() throws {
        let file = try Scratch.shared.write(
            "account: \"1\"\nauth:\n  method: oauth1\n  consumer_key_env: MY_KEY\n  consumer_secret_env: MY_SECRET\n  access_token_file: /nonexistent\n  access_token_secret_env: MY_TOKEN_SECRET\n",
            named: "alert-env-\(UUID().uuidString).yaml", mode: 0o600)
        let config = try ConfigLoader.load(file: file)
        let environment = ["PATH": "/usr/bin", "HOME": "/home/sup", "MY_KEY": "k", "MY_SECRET": "s", "MY_TOKEN_SECRET": "t", "KMMTOP_TOKEN": "x"]
        #expect(Watch.alertEnvironment(environment, config: config) == ["PATH": "/usr/bin", "HOME": "/home/sup"])
    }
}
