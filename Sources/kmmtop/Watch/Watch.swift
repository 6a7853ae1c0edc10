import ArgumentParser
import Dashboard
import Foundation
import Logging
import MetricsClient
import MetricsServer
import TerminalUI
import KeyMetrics

/// `kmmtop` (watch): the live board. With no account configured it starts the built-in simulated
/// account on loopback and shows it, labelled DEMO. When stdout is not a terminal it prints a plain
/// frame per poll instead of drawing.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "The live dashboard.",
        discussion: """
            Keys: F1 or ? shows them all. Tab or 1-4 focus a panel, Left and Right pick its sort column, r reverses, \
            g switches skill/agent-group grouping, / filters, Enter shows a row's detail, b the breach log, \
            p pauses, Ctrl-R polls now, q quits. The configuration file's view, thresholds and alerts sections set \
            the start; saving the file (or SIGUSR1) reloads them. SIGHUP, like a closed terminal, ends the \
            board. When stdout is not a terminal (or with --plain, or TERM=dumb) it prints a plain-text \
            report per poll: a time stamp, the header, every panel with every row, every open breach.

            \(ExitStatus.watchHelpText)
            """
    )

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Seconds between polls, as a duration (default: the configuration's poll.interval, else 10s).", valueName: "duration"))
    var interval: String?

    @Option(help: ArgumentHelp("Colour theme: dark, light or mono (default: the configuration's view.theme).", valueName: "theme"))
    var theme: ThemeName?

    @Flag(help: "Print plain text frames (one per poll) even on a terminal.")
    var plain = false

    func validate() throws {
        if let interval {
            guard let millis = try? DurationText.milliseconds(interval), (1_000...3_600_000).contains(millis) else {
                throw ValidationError("--interval must be a duration from 1s to 1h, like 10s or 1m")
            }
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = try LogSetup.command(logFile: connection.logFile ?? Self.defaultLogFile(environment), level: .info)
        let configPath = connection.config
        let config: KmmtopConfig
        let target: ConnectionTarget
        do throws(ConfigError) {
            config = try ConfigLoader.load(explicitPath: configPath, environment: environment)
            target = try ConnectionTarget.resolve(config: config, options: connection, environment: environment)
        } catch {
            throw CommandError(error.description, status: error.isSecretProblem ? .auth : .usage)
        }

        var demo: DemoServer?
        let clientConfiguration: ClientConfiguration
        switch target {
        case .account(let configuration):
            clientConfiguration = configuration
        case .demo:
            let server: DemoServer
            do {
                server = try await DemoServer.start(logger: logger)
            } catch {
                throw CommandError("the built-in demo server could not start: \(error)", status: .server)
            }
            demo = server
            clientConfiguration = ClientConfiguration(account: server.accountId, server: server.baseURL)
        }
        let client: MetricsClient
        do throws(ClientError) {
            client = try MetricsClient(configuration: clientConfiguration, logger: logger)
        } catch {
            throw CommandError(error.description, status: ExitStatus(error.category))
        }

        var intervalMillis = Int64((config.poll.interval ?? 10) * 1000)
        if let interval, let millis = try? DurationText.milliseconds(interval) { intervalMillis = millis }
        var state = DashboardState(
            account: clientConfiguration.account, isDemo: demo != nil, pollIntervalMillis: intervalMillis,
            requestsPerMinute: clientConfiguration.requestsPerMinute, view: config.dashboard.view, thresholds: config.dashboard.thresholds,
            alerts: config.dashboard.alerts)
        state.utcOffsetSeconds = TimeZone.current.secondsFromGMT()
        state.panels = config.dashboard.panels
        let settings = WatchSettings(
            theme: theme ?? config.dashboard.theme, noColor: Theme.noColorRequested(in: environment),
            plain: plain, configFile: config.file, mouse: config.dashboard.mouse,
            alertEnvironment: Self.alertEnvironment(environment, config: config))

        let app = await WatchApp(state: state, client: client, settings: settings, logger: logger)
        switch await app.run() {
        case .quit:
            await client.shutdown()
            await demo?.stop()
        case .hangup:
            // Nobody is looking and the terminal is gone: leave at once (the OS closes the sockets).
            throw ExitCode(ExitStatus.hangup.rawValue)
        case .outputClosed:
            throw ExitCode.success
        }
    }

    /// `$XDG_STATE_HOME/kmmtop/kmmtop.log`, else `~/.local/state/kmmtop/kmmtop.log`: logs never reach the
    /// terminal the board draws on.
    /// The environment for the alert command: the board's, without the variables the configuration
    /// reads credentials from, nor any `KMMTOP_` variable (the default token's among them).
    static func alertEnvironment(_ environment: [String: String], config: KmmtopConfig) -> [String: String] {
        let secrets = Set((config.auth?.secrets.values ?? [:].values).compactMap { reference -> String? in
            if case .environment(let name) = reference.source { return name }
            return nil
        })
        return environment.filter { !secrets.contains($0.key) && !$0.key.hasPrefix("KMMTOP_") }
    }

    static func defaultLogFile(_ environment: [String: String]) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.local/state"
        let directory = "\(base)/kmmtop"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return "\(directory)/kmmtop.log"
    }
}

extension ThemeName: ExpressibleByArgument {}

struct WatchSettings: Sendable {
    var theme: ThemeName
    var noColor: Bool
    var plain: Bool
    var configFile: String?
    /// Clicks focus, select and sort (`view.mouse: false` leaves the mouse to the terminal, for copying).
    var mouse = true
    /// The alert command's environment: the board's, less its credentials.
    var alertEnvironment: [String: String] = [:]
}

