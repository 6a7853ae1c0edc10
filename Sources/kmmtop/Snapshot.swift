import ArgumentParser
import Dashboard
import Foundation
import KeyMetrics
import Logging
import MetricsClient
import MetricsServer

/// `kmmtop snapshot`: one poll of the account, printed to stdout as a table, JSON or CSV, for scripts
/// and cron. Errors are one line on stderr (`kmmtop: …`) and a distinct exit status per family
/// (``ExitStatus``). With no account configured it asks the built-in demo server, and says so.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print one snapshot of the account's metrics as a table, JSON or CSV.",
        discussion: """
            The account, server and credentials come from the configuration file (see config/kmmtop.yaml); \
            flags override it. Secrets come from environment variables or files only their owner can read, \
            never from flags. With no account configured, the snapshot comes from the built-in demo \
            account (simulated), and stderr says so.

            \(ExitStatus.helpText)
            """
    )

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @OptionGroup(title: "Query and output")
    var options: SnapshotOptions

    static let demoNotice = "no account configured; using the built-in demo account \(DemoServer.defaultAccountId) (simulated)"

    func run() async throws {
        let status = await execute(environment: ProcessInfo.processInfo.environment)
        if status != .ok { throw status.exitCode }
    }

    /// Everything `run` does, returning the status instead of exiting; errors are written to stderr.
    func execute(environment: [String: String]) async -> ExitStatus {
        let logger: Logger
        do {
            logger = try Self.bootstrapLogging(logFile: connection.logFile)
        } catch {
            Self.fail(String(describing: error))
            return .usage
        }
        let target: ConnectionTarget
        do throws(ConfigError) {
            let config = try ConfigLoader.load(explicitPath: connection.config, environment: environment)
            target = try ConnectionTarget.resolve(config: config, options: connection, environment: environment)
        } catch {
            Self.fail(error.description)
            // A secret that cannot be read is an authentication problem, the rest is usage.
            return error.isSecretProblem ? .auth : .usage
        }

        let demo: DemoServer?
        let client: ClientConfiguration
        switch target {
        case .account(let configuration):
            demo = nil
            client = configuration
        case .demo:
            StandardStreams.errorLine("kmmtop: \(Self.demoNotice)")
            do {
                let server = try await DemoServer.start(logger: logger)
                demo = server
                client = ClientConfiguration(account: server.accountId, server: server.baseURL)
            } catch {
                Self.fail("the built-in demo server could not start: \(error)")
                return .server
            }
        }
        let status = await fetchAndPrint(client: client, logger: logger)
        await demo?.stop()
        return status
    }

    private func fetchAndPrint(client configuration: ClientConfiguration, logger: Logger) async -> ExitStatus {
        let query: MetricsQuery
        let metrics: [Metric]
        do throws(ValidationError) {
            // Checked by `validate()` already; the window ends now.
            query = try options.query(now: EpochClock.now())
            metrics = try options.metricList()
        } catch {
            Self.fail(error.message)
            return .usage
        }
        let client: MetricsClient
        do throws(ClientError) {
            client = try MetricsClient(configuration: configuration, logger: logger)
        } catch {
            Self.fail(error.description)
            return ExitStatus(error.category)
        }
        let result: Result<Snapshot, ClientError>
        do throws(ClientError) {
            result = .success(try await client.snapshot(query))
        } catch {
            result = .failure(error)
        }
        await client.shutdown()
        switch result {
        case .success(let snapshot):
            logger.info(
                "snapshot of account \(configuration.account): \(snapshot.groups.count) groups in \(snapshot.requestCount) requests")
            StandardStreams.writeAll(render(snapshot, account: configuration.account, metrics: metrics), to: STDOUT_FILENO)
            return .ok
        case .failure(let error):
            logger.error("snapshot failed: \(error)")
            Self.fail(error.description)
            return ExitStatus(error.category)
        }
    }

    func render(_ snapshot: Snapshot, account: String, metrics: [Metric]) -> String {
        switch options.format {
        case .table: SnapshotTable.render(snapshot, metrics: metrics)
        case .json: SnapshotJSON.render(snapshot, account: account, metrics: metrics)
        case .csv: SnapshotCSV.render(snapshot, metrics: metrics)
        }
    }

    /// The one line on stderr: `kmmtop: <message>`.
    static func fail(_ message: String) { Kmmtop.report(message) }

    /// Logs go to `--log-file` or nowhere: stdout is the snapshot, stderr is for the one error line.
    static func bootstrapLogging(logFile: String?) throws -> Logger {
        if let logFile {
            _ = try LogSetup.bootstrap(logFile: logFile)
        } else {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        }
        return Logger(label: "kmmtop.snapshot")
    }
}
